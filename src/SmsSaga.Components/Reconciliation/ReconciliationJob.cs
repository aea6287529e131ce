using Microsoft.Extensions.Logging;
using Quartz;
using SmsSaga.Components.Platform.Telemetry;

namespace SmsSaga.Components.Reconciliation;

/// <summary>
/// The reconciliation sweep, fired by Quartz every <see cref="ReconciliationOptions.Interval"/>. The trigger lives in the
/// clustered job store and the job allows no concurrent run, so the cluster runs one sweep at a time, on whichever
/// gateway's scheduler takes the trigger.
/// </summary>
[DisallowConcurrentExecution]
public sealed class ReconciliationJob(HoldReconciliation holds, StuckMessages stuck, ILogger<ReconciliationJob> logger) : IJob
{
    public static readonly JobKey Key = new("reconciliation", "smssaga");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var (captured, released) = await holds.RunOnceAsync(cancellationToken);
        var count = await stuck.CountAsync(cancellationToken);
        SmsMetrics.StuckMessages(count);
        if (captured + released > 0 || count > 0)
            logger.LogWarning("Reconciliation: {Captured} holds captured, {Released} released; {Stuck} messages stuck (GET /v1/admin/messages/stuck)",
                captured, released, count);
    }
}
