using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmsSaga.Components.Platform.Hosting;
using SmsSaga.Components.Platform.Persistence;

namespace SmsSaga.Components.Platform.Outbox;

/// <summary>Deletes inbox rows whose messages were delivered longer ago than the duplicate-detection window.</summary>
public sealed class OutboxCleanupService(IServiceScopeFactory scopes, IOptions<OutboxOptions> options, TimeProvider clock,
    ILogger<OutboxCleanupService> logger) : PeriodicCleanup(clock, logger)
{
    protected override TimeSpan Interval => options.Value.CleanupInterval;

    public override async Task<int> CleanOnce(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SmsDbContext>();
        var cutoff = Clock.GetUtcNow().UtcDateTime - settings.DuplicateDetectionWindow;
        return await InBatches(settings.CleanupBatchSize, () => db.Database.ExecuteSqlAsync($"""
            DELETE FROM inbox_state WHERE (message_id, consumer_id) IN (
                SELECT message_id, consumer_id FROM inbox_state
                WHERE delivered < {cutoff}
                LIMIT {settings.CleanupBatchSize}
                FOR UPDATE SKIP LOCKED)
            """, cancellationToken));
    }
}
