using MassTransit;

namespace SmsSaga.Components.Messages;

/// <summary>
/// How the saga tells of a status: a public event for every subscriber and, only for a message whose client hears of its
/// statuses over HTTP (<see cref="SmsState.Notify"/>), the same event sent to the status-callback endpoint. A message
/// without a callback URL costs that endpoint nothing.
/// </summary>
public static class StatusNotifications
{
    public const string QueueName = "status-callbacks";

    static readonly Uri Queue = new($"queue:{QueueName}");

    /// <summary>Publishes <paramref name="status"/>, and sends it to <see cref="QueueName"/> when the message notifies.</summary>
    public static EventActivityBinder<SmsState, T> Tell<T, TStatus>(this EventActivityBinder<SmsState, T> binder,
        EventMessageFactory<SmsState, T, TStatus> status)
        where T : class
        where TStatus : class =>
        binder
            .Publish(status)
            .If(context => context.Saga.Notify, notify => notify.Send(Queue, status));
}
