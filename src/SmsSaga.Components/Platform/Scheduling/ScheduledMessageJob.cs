using System.Text.Json;
using MassTransit;
using MassTransit.Middleware;
using MassTransit.Serialization;
using Quartz;
using SmsSaga.Components.Platform.Outbox;

namespace SmsSaga.Components.Platform.Scheduling;

/// <summary>
/// Sends a scheduled message when its trigger fires: the stored body, headers and message id, unchanged, so a
/// job that fires twice (recovered after a crash) sends a copy the receiving inbox recognises.
/// </summary>
[DisallowConcurrentExecution]
public sealed class ScheduledMessageJob(IBus bus) : IJob
{
    public const string MessageKey = "message";
    const string Group = "smssaga";

    public static readonly JobKey Key = new("send-scheduled-message", Group);

    public static TriggerKey TriggerFor(Guid token) => new(token.ToString("N"), Group);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var message = JsonSerializer.Deserialize<OutboxMessage>(context.MergedJobDataMap.GetString(MessageKey)!)!;
        message.Deserialize(SystemTextJsonMessageSerializer.Instance);
        var endpoint = await bus.GetSendEndpoint(message.DestinationAddress!);
        await endpoint.Send(new SerializedMessageBody(), new OutboxMessageSendPipe(message, message.DestinationAddress), cancellationToken);
    }
}
