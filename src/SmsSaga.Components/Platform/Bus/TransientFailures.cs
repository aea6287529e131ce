using Npgsql;
using SmsSaga.Components.Platform.Persistence;

namespace SmsSaga.Components.Platform.Bus;

/// <summary>
/// Failures worth consuming the message again for: a lost race on a row, a database that blinked, or a process that is
/// shutting down under the consumer (its services disposed) — never the message's fault, so never its dead letter: the
/// retry is cut short by the stop and the broker hands the message to the next consumer.
/// </summary>
public static class TransientFailures
{
    public static bool IsTransient(Exception exception) =>
        SagaConcurrency.IsRetryable(exception)
        || exception is NpgsqlException { IsTransient: true } or TimeoutException or ObjectDisposedException
        || exception.InnerException is { } inner && IsTransient(inner);
}
