using Microsoft.Extensions.Hosting;
using Quartz;

namespace SmsSaga.Components.Platform.Scheduling;

/// <summary>
/// The process's Quartz scheduler, for the bus's scheduling consumers. While the process stops, Quartz may shut down
/// before the bus has stopped consuming: a message that comes in then is handed back as a transient failure
/// (<see cref="ObjectDisposedException"/>, see <c>TransientFailures</c>) for another instance or the next start, never
/// dead-lettered.
/// </summary>
static class RunningScheduler
{
    public static async Task<IScheduler> RunningAsync(this ISchedulerFactory schedulers, IHostApplicationLifetime lifetime,
        CancellationToken cancellationToken)
    {
        try
        {
            return await schedulers.GetScheduler(cancellationToken);
        }
        catch (SchedulerException e) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            throw new ObjectDisposedException("The scheduler has shut down: the process is stopping.", e);
        }
    }
}
