namespace SmsSaga.Components.Messages;

/// <summary>
/// The names of the message saga's states, as <see cref="SmsState.CurrentState"/> stores them and the API shows them. The
/// state machine's <c>State</c> properties carry these names (a test holds the two together); nothing else spells a state.
/// </summary>
public static class SmsStates
{
    /// <summary>MassTransit's state of an instance that has not yet entered one of the message's states.</summary>
    public const string Initial = nameof(Initial);

    public const string Scheduled = nameof(Scheduled);
    public const string Queued = nameof(Queued);
    public const string Sending = nameof(Sending);
    public const string Sent = nameof(Sent);
    public const string Delivered = nameof(Delivered);
    public const string Failed = nameof(Failed);
    public const string Canceled = nameof(Canceled);

    /// <summary>Every state a message can be in, in the order of its life.</summary>
    public static readonly IReadOnlyList<string> All = [Scheduled, Queued, Sending, Sent, Delivered, Failed, Canceled];
}
