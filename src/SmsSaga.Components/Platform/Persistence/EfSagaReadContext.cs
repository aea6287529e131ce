using MassTransit;
using MassTransit.Middleware;
using MassTransit.Saga;
using Microsoft.EntityFrameworkCore;

namespace SmsSaga.Components.Platform.Persistence;

/// <summary>Read-only access to saga instances outside a consumed message (queries, support look-ups).</summary>
sealed class EfSagaReadContext<TSaga>(DbContext dbContext, CancellationToken cancellationToken) :
    BasePipeContext(cancellationToken),
    LoadSagaRepositoryContext<TSaga>,
    QuerySagaRepositoryContext<TSaga>
    where TSaga : class, ISaga
{
    public Task<TSaga> Load(Guid correlationId) =>
        dbContext.Set<TSaga>().AsNoTracking().SingleOrDefaultAsync(x => x.CorrelationId == correlationId, CancellationToken)!;

    public async Task<SagaRepositoryQueryContext<TSaga>> Query(ISagaQuery<TSaga> query, CancellationToken cancellationToken)
    {
        var ids = await dbContext.Set<TSaga>().AsNoTracking().Where(query.FilterExpression)
            .Select(x => x.CorrelationId).ToListAsync(cancellationToken);
        return new DefaultSagaRepositoryQueryContext<TSaga>(this, ids);
    }
}
