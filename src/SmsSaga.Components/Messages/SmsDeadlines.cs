using MassTransit;

namespace SmsSaga.Components.Messages;

/// <summary>
/// A deadline (<see cref="SmsState.Deadline"/>) belongs to Sending (the attempt's time-out) and Sent (the report window)
/// only: entering any other state clears it, whichever event led there.
/// </summary>
sealed class SmsDeadlines : IStateObserver<SmsState>
{
    public Task StateChanged(BehaviorContext<SmsState> context, State currentState, State previousState)
    {
        if (currentState.Name is not (SmsStates.Sending or SmsStates.Sent))
            context.Saga.Deadline = null;
        return Task.CompletedTask;
    }
}
