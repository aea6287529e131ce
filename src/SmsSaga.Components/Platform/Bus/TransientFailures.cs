using Npgsql;
using SmsSaga.Components.Platform.Persistence;

namespace SmsSaga.Components.Platform.Bus;

/// <summary>
/// Failures worth consuming the message again for — never the message's fault, so never its dead letter. Two kinds,
/// retried differently (<see cref="BusRegistration"/>):
/// <list type="bullet">
/// <item><see cref="IsConflict"/>: a lost race on a row, or a process shutting down under the consumer (its services
/// disposed; the retry is cut short by the stop and the broker hands the message to the next consumer). Retried at
/// once, then with a short backoff.</item>
/// <item><see cref="IsOutage"/>: PostgreSQL down, restarting or unreachable, or a send the broker did not take in time
/// (<see cref="BrokerSend"/>'s <see cref="TimeoutException"/>). Retried every few seconds for as long as an outage may
/// last: the message waits (unacknowledged, so the broker keeps it if this process dies), the endpoint takes no more,
/// and nothing reaches <c>*_error</c> because a part it depends on was away.</item>
/// </list>
/// </summary>
public static class TransientFailures
{
    public static bool IsTransient(Exception exception) => IsConflict(exception) || IsOutage(exception);

    public static bool IsConflict(Exception exception) =>
        SagaConcurrency.IsRetryable(exception) || exception is ObjectDisposedException
        || exception.InnerException is { } inner && IsConflict(inner);

    public static bool IsOutage(Exception exception) =>
        !SagaConcurrency.IsRetryable(exception) && exception is NpgsqlException { IsTransient: true } or TimeoutException
        || exception.InnerException is { } inner && IsOutage(inner);
}
