using MassTransit;
using Microsoft.Extensions.Logging;
using SmsSaga.Components.Platform.Telemetry;

namespace SmsSaga.Components.Messages;

/// <summary>
/// Appends every state change to the message's history, with the reason the state machine gave
/// (<see cref="SmsState.Reason"/>). The rows are saved with the saga, in the same transaction.
/// </summary>
sealed class SmsTimeline(TimeProvider clock, ILogger logger) : IStateObserver<SmsState>
{
    public Task StateChanged(BehaviorContext<SmsState> context, State currentState, State previousState)
    {
        if (currentState.Name == SmsStates.Initial)
            return Task.CompletedTask; // a new instance, not yet a message state

        var saga = context.Saga;
        Record(saga, previousState?.Name is null or SmsStates.Initial ? null : previousState.Name, currentState.Name, clock.GetUtcNow());
        SmsMetrics.Transition(currentState.Name);
        // Message id, states and reason only: never the recipient or the text.
        logger.Log(currentState.Name is SmsStates.Delivered or SmsStates.Failed ? LogLevel.Information : LogLevel.Debug,
            "Message {MessageId} of client {ClientId}: {FromState} -> {ToState} ({Reason}, attempt {Attempt})",
            saga.CorrelationId, saga.ClientId, previousState?.Name, currentState.Name, saga.Reason, saga.Attempts);
        return Task.CompletedTask;
    }

    /// <summary>Appends a timeline row; also for an event that changes the reason but not the state (dlr_timeout).</summary>
    public static void Record(SmsState saga, string? from, string to, DateTimeOffset at)
    {
        saga.UpdatedAt = at;
        saga.History.Add(new SmsTransition
        {
            MessageId = saga.CorrelationId,
            At = at,
            From = from,
            To = to,
            Reason = saga.Reason,
            Attempt = saga.Attempts,
            Detail = saga.Detail,
        });
    }
}
