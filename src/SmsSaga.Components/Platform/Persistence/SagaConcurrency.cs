using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace SmsSaga.Components.Platform.Persistence;

/// <summary>
/// Which database failures mean "someone else changed this first; load it again and retry": an
/// optimistic-concurrency conflict on xmin, a duplicate key (two messages creating the same instance),
/// a serialization failure (40001) or a deadlock (40P01).
/// </summary>
public static class SagaConcurrency
{
    public static bool IsRetryable(Exception exception) => exception switch
    {
        DbUpdateConcurrencyException => true,
        DbUpdateException { InnerException: PostgresException pg } => IsRetryable(pg.SqlState),
        PostgresException pg => IsRetryable(pg.SqlState),
        InvalidOperationException { InnerException: { } inner } => IsRetryable(inner),
        _ => false,
    };

    public static bool IsDuplicateKey(DbUpdateException exception) =>
        exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    static bool IsRetryable(string sqlState) => sqlState is
        PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected;
}
