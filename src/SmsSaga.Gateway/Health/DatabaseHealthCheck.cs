using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using SmsSaga.Components.Platform.Persistence;

namespace SmsSaga.Gateway.Health;

/// <summary>Ready only while PostgreSQL answers a query.</summary>
public sealed class DatabaseHealthCheck(SmsDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(3));
        try
        {
            await db.Database.ExecuteSqlRawAsync("SELECT 1", timeout.Token);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or OperationCanceledException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL is not reachable", ex);
        }
    }
}
