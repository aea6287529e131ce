using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmsSaga.Components.Platform.Hosting;
using SmsSaga.Components.Platform.Persistence;

namespace SmsSaga.Components.Platform.Outbox;

/// <summary>
/// Deletes inbox rows received longer ago than the duplicate-detection window, with any outbox rows they still have: a
/// message redelivered after that is taken as new, and every consumer is idempotent in its own right. Rows left behind by
/// a process that died before <see cref="DeliveredInboxes"/> recorded them go the same way.
/// </summary>
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
        return await InBatches(settings.CleanupBatchSize, async () => (await db.Database.SqlQuery<int>($"""
            WITH gone AS (
                DELETE FROM inbox_state WHERE (message_id, consumer_id) IN (
                    SELECT message_id, consumer_id FROM inbox_state
                    WHERE received < {cutoff}
                    LIMIT {settings.CleanupBatchSize}
                    FOR UPDATE SKIP LOCKED)
                RETURNING message_id, consumer_id),
            left_behind AS (
                DELETE FROM outbox_messages o USING gone g
                WHERE o.inbox_message_id = g.message_id AND o.inbox_consumer_id = g.consumer_id)
            SELECT count(*)::int AS "Value" FROM gone
            """).ToListAsync(cancellationToken))[0]);
    }
}
