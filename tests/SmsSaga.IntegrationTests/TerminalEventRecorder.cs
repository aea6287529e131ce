using System.Collections.Concurrent;
using MassTransit;
using SmsSaga.Contracts;

namespace SmsSaga.IntegrationTests;

/// <summary>An upstream listener: counts the terminal events each message id received over RabbitMQ.</summary>
public sealed class TerminalEventRecorder : IConsumer<SmsDelivered>, IConsumer<SmsFailed>
{
    public static readonly ConcurrentDictionary<Guid, int> Terminal = new();
    public static readonly ConcurrentDictionary<Guid, string> FailureReasons = new();

    public Task Consume(ConsumeContext<SmsDelivered> context)
    {
        Terminal.AddOrUpdate(context.Message.MessageId, 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<SmsFailed> context)
    {
        FailureReasons[context.Message.MessageId] = context.Message.ReasonCode;
        Terminal.AddOrUpdate(context.Message.MessageId, 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }
}
