using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SmsSaga.Components.Platform.Hosting;

/// <summary>
/// A background loop that deletes what has outlived its use every <see cref="Interval"/>, and logs and carries on when a
/// pass fails. Each pass deletes in small batches (<see cref="InBatches"/>) whose rows are claimed with
/// <c>FOR UPDATE SKIP LOCKED</c>, so it is safe in every gateway instance at once.
/// </summary>
public abstract class PeriodicCleanup(TimeProvider clock, ILogger logger) : BackgroundService
{
    protected TimeProvider Clock { get; } = clock;

    protected abstract TimeSpan Interval { get; }

    /// <summary>One pass; returns how many rows it deleted.</summary>
    public abstract Task<int> CleanOnce(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, Clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var removed = await CleanOnce(stoppingToken);
                if (removed > 0)
                    logger.LogDebug("{Cleanup} removed {Count} rows", GetType().Name, removed);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "{Cleanup} failed; trying again in {Interval}", GetType().Name, Interval);
            }
        }
    }

    /// <summary>Runs <paramref name="deleteBatch"/> until a batch comes back short of <paramref name="batchSize"/>; returns the total.</summary>
    protected static async Task<int> InBatches(int batchSize, Func<Task<int>> deleteBatch)
    {
        var total = 0;
        int removed;
        do
        {
            removed = await deleteBatch();
            total += removed;
        }
        while (removed == batchSize);
        return total;
    }
}
