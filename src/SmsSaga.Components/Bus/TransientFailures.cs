using Npgsql;
using SmsSaga.Components.Persistence;

namespace SmsSaga.Components.Bus;

/// <summary>Failures worth consuming the message again for: a lost race on a row, or a database that blinked.</summary>
public static class TransientFailures
{
    public static bool IsTransient(Exception exception) =>
        SagaConcurrency.IsRetryable(exception)
        || exception is NpgsqlException { IsTransient: true } or TimeoutException
        || exception.InnerException is { } inner && IsTransient(inner);
}
