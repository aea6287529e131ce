using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SmsSaga.Components.Platform.Hosting;

/// <summary>
/// A background loop that works through a backlog in batches: it runs <see cref="RunBatch"/> again at once
/// while batches come back full, waits <see cref="Idle"/> when one comes back short, and logs and carries on
/// when one fails (a database or broker that is away for a while).
/// </summary>
public abstract class BatchLoop(TimeProvider clock, ILogger logger) : BackgroundService
{
    protected TimeProvider Clock { get; } = clock;

    protected abstract int BatchSize { get; }

    protected abstract TimeSpan Idle { get; }

    /// <summary>Does one batch of work; returns how many items it handled.</summary>
    protected abstract Task<int> RunBatch(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var handled = 0;
            try
            {
                handled = await RunBatch(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested) // a batch's own time-out included
            {
                logger.LogWarning(ex, "{Loop} failed; trying again", GetType().Name);
            }

            if (handled < BatchSize)
                await Task.Delay(Idle, Clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
