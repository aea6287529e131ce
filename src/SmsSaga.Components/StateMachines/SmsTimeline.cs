using MassTransit;

namespace SmsSaga.Components.StateMachines;

/// <summary>
/// Appends every state change to the message's history, with the reason the state machine gave
/// (<see cref="SmsState.Reason"/>). The rows are saved with the saga, in the same transaction.
/// </summary>
sealed class SmsTimeline(TimeProvider clock) : IStateObserver<SmsState>
{
    public Task StateChanged(BehaviorContext<SmsState> context, State currentState, State previousState)
    {
        if (currentState.Name == "Initial")
            return Task.CompletedTask; // a new instance, not yet a message state

        var saga = context.Saga;
        var now = clock.GetUtcNow();
        saga.UpdatedAt = now;
        saga.History.Add(new SmsTransition
        {
            MessageId = saga.CorrelationId,
            At = now,
            From = previousState?.Name is null or "Initial" ? null : previousState.Name,
            To = currentState.Name,
            Reason = saga.Reason,
            Attempt = saga.Attempts,
            Detail = saga.Detail,
        });
        SmsMetrics.Transition(currentState.Name);
        return Task.CompletedTask;
    }
}
