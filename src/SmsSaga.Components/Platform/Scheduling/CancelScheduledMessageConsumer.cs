using MassTransit;
using MassTransit.Scheduling;
using Microsoft.Extensions.Hosting;
using Quartz;

namespace SmsSaga.Components.Platform.Scheduling;

/// <summary>Removes a scheduled message's trigger (the saga's <c>Unschedule</c>). Unknown tokens are ignored.</summary>
public sealed class CancelScheduledMessageConsumer(ISchedulerFactory schedulers, IHostApplicationLifetime lifetime) : IConsumer<CancelScheduledMessage>
{
    public async Task Consume(ConsumeContext<CancelScheduledMessage> context)
    {
        var scheduler = await schedulers.RunningAsync(lifetime, context.CancellationToken);
        await scheduler.UnscheduleJob(ScheduledMessageJob.TriggerFor(context.Message.TokenId), context.CancellationToken);
    }
}
