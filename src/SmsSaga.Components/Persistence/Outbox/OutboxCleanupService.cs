using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmsSaga.Components.Requests;

namespace SmsSaga.Components.Persistence.Outbox;

/// <summary>
/// Deletes inbox rows whose messages were delivered longer ago than the duplicate-detection window, and HTTP
/// idempotency records older than theirs (<see cref="IdempotencyOptions.Window"/>), in small batches. Safe to run in every gateway instance at once: each batch is one DELETE whose rows are
/// claimed with <c>FOR UPDATE SKIP LOCKED</c>.
/// </summary>
public sealed class OutboxCleanupService(IServiceScopeFactory scopes, IOptions<OutboxOptions> options, IOptions<IdempotencyOptions> idempotency,
    TimeProvider clock,
    ILogger<OutboxCleanupService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        using var timer = new PeriodicTimer(settings.CleanupInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var removed = await CleanOnce(settings, stoppingToken);
                if (removed > 0)
                    logger.LogDebug("Removed {Count} inbox rows older than {Window}", removed, settings.DuplicateDetectionWindow);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Inbox clean-up failed; trying again in {Interval}", settings.CleanupInterval);
            }
        }
    }

    /// <summary>Deletes expired inbox rows batch by batch; returns how many.</summary>
    public async Task<int> CleanOnce(OutboxOptions settings, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SmsDbContext>();
        var cutoff = clock.GetUtcNow().UtcDateTime - settings.DuplicateDetectionWindow;
        var total = 0;
        int removed;
        do
        {
            removed = await db.Database.ExecuteSqlAsync($"""
                DELETE FROM inbox_state WHERE (message_id, consumer_id) IN (
                    SELECT message_id, consumer_id FROM inbox_state
                    WHERE delivered < {cutoff}
                    LIMIT {settings.CleanupBatchSize}
                    FOR UPDATE SKIP LOCKED)
                """, cancellationToken);
            total += removed;
        }
        while (removed == settings.CleanupBatchSize);

        var keysBefore = clock.GetUtcNow() - idempotency.Value.Window;
        do
        {
            removed = await db.Database.ExecuteSqlAsync($"""
                DELETE FROM idempotent_requests WHERE (client_id, key) IN (
                    SELECT client_id, key FROM idempotent_requests
                    WHERE created_at < {keysBefore}
                    LIMIT {settings.CleanupBatchSize}
                    FOR UPDATE SKIP LOCKED)
                """, cancellationToken);
            total += removed;
        }
        while (removed == settings.CleanupBatchSize);
        return total;
    }
}
