using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace SmsSaga.Components.Platform.Persistence;

public static class PersistenceRegistration
{
    public const string ConnectionStringName = "Sms";

    /// <summary>The gateway's database on the "Sms" connection string: it must be set.</summary>
    public static string ConnectionString(this IConfiguration configuration) =>
        configuration.GetConnectionString(ConnectionStringName)
        ?? throw new InvalidOperationException($"Connection string '{ConnectionStringName}' is not set (ConnectionStrings__{ConnectionStringName}).");

    /// <summary><see cref="SmsDbContext"/> (pooled), a data source for plain Npgsql batches, and the clock.</summary>
    public static IServiceCollection AddSmsPersistence(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.ConnectionString();
        // Pooled: a request or a consumed message takes a context from the pool instead of building one (and its EF
        // services) each time.
        services.AddDbContextPool<SmsDbContext>(o => o.UseNpgsql(connectionString));
        services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }
}
