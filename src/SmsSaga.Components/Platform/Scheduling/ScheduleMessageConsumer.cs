using System.Text.Json;
using MassTransit;
using MassTransit.Context;
using MassTransit.Scheduling;
using MassTransit.Serialization;
using Microsoft.Extensions.Hosting;
using Quartz;
using SmsSaga.Components.Platform.Outbox;

namespace SmsSaga.Components.Platform.Scheduling;

/// <summary>
/// The bus's message scheduler, on Quartz: a <see cref="ScheduleMessage"/> becomes a trigger of the one durable
/// <see cref="ScheduledMessageJob"/>, kept in the PostgreSQL job store, carrying the message as MassTransit
/// serialized it. The trigger is named after the schedule token, so a repeat replaces it.
/// </summary>
public sealed class ScheduleMessageConsumer(ISchedulerFactory schedulers, IHostApplicationLifetime lifetime) : IConsumer<ScheduleMessage>
{
    public async Task Consume(ConsumeContext<ScheduleMessage> context)
    {
        var request = context.Message;
        var body = context.SerializerContext.GetMessageSerializer(request.Payload, request.PayloadType)
            .GetMessageBody(new MessageSendContext<ScheduleMessage>(request));
        var message = new OutboxMessage
        {
            MessageId = context.MessageId ?? NewId.NextGuid(),
            DestinationAddress = request.Destination,
            Body = body.GetString(),
            ContentType = context.ReceiveContext.ContentType?.ToString() ?? SystemTextJsonMessageSerializer.JsonContentType.ToString(),
            MessageType = string.Join(";", request.PayloadType),
            CorrelationId = context.CorrelationId,
            ConversationId = context.ConversationId,
            InitiatorId = context.InitiatorId,
            SourceAddress = context.SourceAddress,
            SentTime = DateTime.UtcNow,
            Headers = SystemTextJsonMessageSerializer.Instance.SerializeDictionary(context.Headers.GetAll()),
        };

        var trigger = TriggerBuilder.Create()
            .ForJob(ScheduledMessageJob.Key)
            .WithIdentity(ScheduledMessageJob.TriggerFor(request.CorrelationId))
            .StartAt(Utc(request.ScheduledTime))
            .WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
            .UsingJobData(ScheduledMessageJob.MessageKey, JsonSerializer.Serialize(message))
            .Build();

        var scheduler = await schedulers.RunningAsync(lifetime, context.CancellationToken);
        await scheduler.ScheduleJob(trigger, ScheduleJobOptions.Replacing, context.CancellationToken);
    }

    /// <summary>MassTransit's scheduled time as an instant: a time without a kind is UTC, as MassTransit writes it.</summary>
    static DateTimeOffset Utc(DateTime time) =>
        time.Kind == DateTimeKind.Unspecified ? new DateTimeOffset(time, TimeSpan.Zero) : new DateTimeOffset(time.ToUniversalTime(), TimeSpan.Zero);
}
