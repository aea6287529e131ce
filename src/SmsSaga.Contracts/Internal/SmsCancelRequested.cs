namespace SmsSaga.Contracts.Internal;

/// <summary>A checked <see cref="CancelSms"/>, for the message saga (from the bus intake or the HTTP API).</summary>
/// <param name="Looks">How often this cancel has looked for its message and found none (see the saga).</param>
public record SmsCancelRequested(Guid MessageId, string ClientId, int Looks = 0);
