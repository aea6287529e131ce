using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmsSaga.Components.Platform.Hosting;
using SmsSaga.Components.Platform.Outbox;
using SmsSaga.Components.Platform.Persistence;

namespace SmsSaga.Components.Idempotency;

/// <summary>Deletes HTTP idempotency records older than their window (<see cref="IdempotencyOptions.Window"/>).</summary>
public sealed class IdempotencyRecordCleanup(IServiceScopeFactory scopes, IOptions<IdempotencyOptions> options,
    IOptions<OutboxOptions> outbox, TimeProvider clock, ILogger<IdempotencyRecordCleanup> logger) : PeriodicCleanup(clock, logger)
{
    protected override TimeSpan Interval => outbox.Value.CleanupInterval;

    public override async Task<int> CleanOnce(CancellationToken cancellationToken)
    {
        var batchSize = outbox.Value.CleanupBatchSize;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SmsDbContext>();
        var before = Clock.GetUtcNow() - options.Value.Window;
        return await InBatches(batchSize, () => db.Database.ExecuteSqlAsync($"""
            DELETE FROM idempotent_requests WHERE (client_id, key) IN (
                SELECT client_id, key FROM idempotent_requests
                WHERE created_at < {before}
                LIMIT {batchSize}
                FOR UPDATE SKIP LOCKED)
            """, cancellationToken));
    }
}
