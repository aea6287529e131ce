using MassTransit;
using MassTransit.Context;
using MassTransit.Saga;
using Microsoft.EntityFrameworkCore;

namespace SmsSaga.Components.Platform.Persistence;

/// <summary>Loads, adds and updates one saga instance through the message's <see cref="DbContext"/>.</summary>
sealed class EfSagaRepositoryContext<TSaga, TMessage> :
    ConsumeContextScope<TMessage>,
    SagaRepositoryContext<TSaga, TMessage>,
    IDisposable
    where TSaga : class, ISaga
    where TMessage : class
{
    readonly DbContext dbContext;
    readonly ConsumeContext<TMessage> consumeContext;
    readonly ISagaConsumeContextFactory<DbContext, TSaga> factory;

    public EfSagaRepositoryContext(DbContext dbContext, ConsumeContext<TMessage> consumeContext, ISagaConsumeContextFactory<DbContext, TSaga> factory)
        : base(consumeContext, dbContext)
    {
        this.dbContext = dbContext;
        this.consumeContext = consumeContext;
        this.factory = factory;
    }

    // A state machine may save more than once per message (e.g. a composite event); one at a time.
    readonly SemaphoreSlim _saving = new(1);

    public Task<SagaConsumeContext<TSaga, TMessage>> Add(TSaga instance) =>
        factory.CreateSagaConsumeContext(dbContext, consumeContext, instance, SagaConsumeContextMode.Add);

    /// <summary>
    /// Inserts before the state machine runs. A duplicate key means another message created the instance
    /// first: the insert is undone and null returned, so MassTransit loads the existing instance instead.
    /// In PostgreSQL a failed statement aborts the transaction, so the insert runs inside a savepoint.
    /// </summary>
    public async Task<SagaConsumeContext<TSaga, TMessage>> Insert(TSaga instance)
    {
        var transaction = dbContext.Database.CurrentTransaction;
        const string savepoint = "saga_insert";
        if (transaction is not null)
            await transaction.CreateSavepointAsync(savepoint, CancellationToken);

        var entry = await dbContext.Set<TSaga>().AddAsync(instance, CancellationToken);
        try
        {
            await dbContext.SaveChangesAsync(CancellationToken);
            return await factory.CreateSagaConsumeContext(dbContext, consumeContext, instance, SagaConsumeContextMode.Insert);
        }
        catch (DbUpdateException ex) when (SagaConcurrency.IsDuplicateKey(ex))
        {
            entry.State = EntityState.Detached;
            if (transaction is not null)
                await transaction.RollbackToSavepointAsync(savepoint, CancellationToken);
            return null!;
        }
    }

    public async Task<SagaConsumeContext<TSaga, TMessage>> Load(Guid correlationId)
    {
        var instance = await dbContext.Set<TSaga>().SingleOrDefaultAsync(x => x.CorrelationId == correlationId, CancellationToken);
        return instance is null
            ? null!
            : await factory.CreateSagaConsumeContext(dbContext, consumeContext, instance, SagaConsumeContextMode.Load);
    }

    public Task Save(SagaConsumeContext<TSaga> context) =>
        Saving(async () =>
        {
            await dbContext.Set<TSaga>().AddAsync(context.Saga, CancellationToken);
            await dbContext.SaveChangesAsync(CancellationToken);
        });

    public Task Update(SagaConsumeContext<TSaga> context) =>
        Saving(() => dbContext.SaveChangesAsync(CancellationToken));

    public Task Delete(SagaConsumeContext<TSaga> context) =>
        Saving(() =>
        {
            dbContext.Set<TSaga>().Remove(context.Saga);
            return dbContext.SaveChangesAsync(CancellationToken);
        });

    public Task Discard(SagaConsumeContext<TSaga> context) => Task.CompletedTask;

    public Task Undo(SagaConsumeContext<TSaga> context)
    {
        var entry = dbContext.ChangeTracker.Entries<TSaga>().FirstOrDefault(x => x.Entity.CorrelationId == context.Saga.CorrelationId);
        entry?.State = EntityState.Unchanged;
        return Task.CompletedTask;
    }

    public Task<SagaConsumeContext<TSaga, T>> CreateSagaConsumeContext<T>(ConsumeContext<T> context, TSaga instance, SagaConsumeContextMode mode)
        where T : class =>
        factory.CreateSagaConsumeContext(dbContext, context, instance, mode);

    public void Dispose() => _saving.Dispose();

    async Task Saving(Func<Task> save)
    {
        await _saving.WaitAsync(CancellationToken);
        try
        {
            await save();
        }
        finally
        {
            _saving.Release();
        }
    }
}
