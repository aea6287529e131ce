using MassTransit;
using MassTransit.Saga;
using Microsoft.EntityFrameworkCore;

namespace SmsSaga.Components.Platform.Persistence;

/// <summary>
/// The saga repository over EF Core and PostgreSQL. MassTransit resolves it once per consumed message
/// (it is scoped), so each message gets its own DbContext — the same one the outbox and
/// the consumers of that scope use. Concurrency is optimistic: a row's <c>xmin</c> must not have moved
/// between load and update, and a conflict (or a duplicate insert) fails the message so the endpoint's
/// retry loads the instance again (see <see cref="SagaConcurrency"/>).
/// </summary>
public sealed class EfSagaRepositoryContextFactory<TDbContext, TSaga>(
    TDbContext dbContext,
    ISagaConsumeContextFactory<DbContext, TSaga> consumeContextFactory) :
    ISagaRepositoryContextFactory<TSaga>,
    ILoadSagaRepositoryContextFactory<TSaga>,
    IQuerySagaRepositoryContextFactory<TSaga>
    where TDbContext : DbContext
    where TSaga : class, ISaga
{
    public async Task Send<T>(ConsumeContext<T> context, IPipe<SagaRepositoryContext<TSaga, T>> next)
        where T : class
    {
        using var repositoryContext = new EfSagaRepositoryContext<TSaga, T>(dbContext, context, consumeContextFactory);
        await dbContext.InTransactionAsync(() => next.Send(repositoryContext), context.CancellationToken);
    }

    public async Task SendQuery<T>(ConsumeContext<T> context, ISagaQuery<TSaga> query, IPipe<SagaRepositoryQueryContext<TSaga, T>> next)
        where T : class
    {
        using var repositoryContext = new EfSagaRepositoryContext<TSaga, T>(dbContext, context, consumeContextFactory);
        await dbContext.InTransactionAsync(async () =>
        {
            var instances = await dbContext.Set<TSaga>().Where(query.FilterExpression).ToListAsync(context.CancellationToken);
            await next.Send(new LoadedSagaRepositoryQueryContext<TSaga, T>(repositoryContext, instances));
        }, context.CancellationToken);
    }

    public Task<T> Execute<T>(Func<LoadSagaRepositoryContext<TSaga>, Task<T>> asyncMethod, CancellationToken cancellationToken = default)
        where T : class =>
        asyncMethod(new EfSagaReadContext<TSaga>(dbContext, cancellationToken));

    public Task<T> Execute<T>(Func<QuerySagaRepositoryContext<TSaga>, Task<T>> asyncMethod, CancellationToken cancellationToken = default)
        where T : class =>
        asyncMethod(new EfSagaReadContext<TSaga>(dbContext, cancellationToken));

    public void Probe(ProbeContext context) => context.Add("persistence", "ef-core-postgresql");
}
