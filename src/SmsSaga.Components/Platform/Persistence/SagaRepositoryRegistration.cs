using MassTransit;
using MassTransit.Configuration;
using MassTransit.Saga;
using Microsoft.EntityFrameworkCore;

namespace SmsSaga.Components.Platform.Persistence;

public static class SagaRepositoryRegistration
{
    /// <summary>Persists the saga through <typeparamref name="TDbContext"/> (scoped) with the project's own repository.</summary>
    public static ISagaRegistrationConfigurator<TSaga> EfCoreRepository<TSaga, TDbContext>(this ISagaRegistrationConfigurator<TSaga> configurator)
        where TSaga : class, ISaga
        where TDbContext : DbContext
    {
        configurator.Repository(r =>
        {
            r.RegisterSagaRepository<TSaga, DbContext, SagaConsumeContextFactory<DbContext, TSaga>, EfSagaRepositoryContextFactory<TDbContext, TSaga>>();
            r.RegisterLoadSagaRepository<TSaga, EfSagaRepositoryContextFactory<TDbContext, TSaga>>();
            r.RegisterQuerySagaRepository<TSaga, EfSagaRepositoryContextFactory<TDbContext, TSaga>>();
        });
        return configurator;
    }
}
