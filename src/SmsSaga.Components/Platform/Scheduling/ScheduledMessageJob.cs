using System.Text.Json;
using MassTransit;
using MassTransit.Middleware;
using MassTransit.Serialization;
using Microsoft.Extensions.Logging;
using Quartz;
using SmsSaga.Components.Platform.Bus;
using SmsSaga.Components.Platform.Outbox;

namespace SmsSaga.Components.Platform.Scheduling;

/// <summary>
/// Sends a scheduled message when its trigger fires: the stored body, headers and message id, unchanged, so a
/// job that fires twice (recovered after a crash) sends a copy the receiving inbox recognises. Triggers run in parallel
/// (each carries its own message; the job keeps no state), and each send has <see cref="BrokerSend.Timeout"/>: one the
/// broker does not take is fired again after <see cref="RetryDelay"/>, under the same trigger (so it can still be
/// canceled by its token), never dropped.
/// </summary>
public sealed class ScheduledMessageJob(IBus bus, ILogger<ScheduledMessageJob> logger) : IJob
{
    static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    public const string MessageKey = "message";
    const string Group = "smssaga";

    public static readonly JobKey Key = new("send-scheduled-message", Group);

    public static TriggerKey TriggerFor(Guid token) => new(token.ToString("N"), Group);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var message = JsonSerializer.Deserialize<OutboxMessage>(context.MergedJobDataMap.GetString(MessageKey)!)!;
        message.Deserialize(SystemTextJsonMessageSerializer.Instance);
        try
        {
            await BrokerSend.Within(async token =>
            {
                var endpoint = await bus.GetSendEndpoint(message.DestinationAddress!);
                await endpoint.Send(new SerializedMessageBody(), new OutboxMessageSendPipe(message, message.DestinationAddress), token);
            }, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Scheduled message {MessageId} to {Destination} was not sent; trying again in {Delay}", message.MessageId,
                message.DestinationAddress, RetryDelay);
            await Task.Delay(RetryDelay, cancellationToken);
            throw new JobExecutionException("the broker did not take the scheduled message", ex) { RefireImmediately = true }; // the wait was above
        }
    }
}
