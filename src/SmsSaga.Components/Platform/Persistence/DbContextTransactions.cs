using System.Data;
using Microsoft.EntityFrameworkCore;

namespace SmsSaga.Components.Platform.Persistence;

public static class DbContextTransactions
{
    /// <summary>
    /// Runs <paramref name="work"/> in a ReadCommitted transaction, or inside the one already open on
    /// <paramref name="db"/> (the consumer's, when the outbox opened it), so that all its writes commit together.
    /// </summary>
    public static async Task<T> InTransactionAsync<T>(this DbContext db, Func<Task<T>> work, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is not null)
            return await work();

        await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
        var result = await work();
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    public static Task InTransactionAsync(this DbContext db, Func<Task> work, CancellationToken cancellationToken) =>
        db.InTransactionAsync(async () =>
        {
            await work();
            return true;
        }, cancellationToken);
}
