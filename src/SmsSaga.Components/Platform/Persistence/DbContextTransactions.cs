using System.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

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

        await using var transaction = await db.BeginAsync(cancellationToken);
        var result = await work();
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    /// <summary>
    /// Begins a ReadCommitted transaction without EF's automatic savepoints: EF would wrap every <c>SaveChanges</c> in the
    /// transaction in a SAVEPOINT and a RELEASE (two round trips each) to undo a failed save, but a failed save here
    /// rolls the whole transaction back and the message is retried. Code that needs a savepoint sets one itself.
    /// </summary>
    public static async Task<IDbContextTransaction> BeginAsync(this DbContext db, CancellationToken cancellationToken)
    {
        var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
        db.Database.AutoSavepointsEnabled = false;
        return transaction;
    }

    public static Task InTransactionAsync(this DbContext db, Func<Task> work, CancellationToken cancellationToken) =>
        db.InTransactionAsync(async () =>
        {
            await work();
            return true;
        }, cancellationToken);
}
