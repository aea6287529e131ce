using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace SmsSaga.Components.Platform.Bus;

/// <summary>
/// Sends the messages of a <c>&lt;queue&gt;_error</c> queue back to the queue they faulted in, unchanged but for
/// MassTransit's fault headers: the repair once a fix for what made them fault is deployed. Each message is acknowledged
/// only after the broker has confirmed its copy, so a crash part way repeats a message rather than losing it (the
/// consumers' inbox ignores a repeat). Only the messages there when it starts are moved: one that faults again goes back
/// to the error queue and waits there.
/// </summary>
public static class ErrorQueueRequeue
{
    public const string Suffix = "_error";

    /// <summary>Moves up to <paramref name="limit"/> messages; returns how many were moved.</summary>
    public static async Task<int> RunAsync(RabbitMqOptions broker, string errorQueue, int limit, CancellationToken cancellationToken)
    {
        if (!errorQueue.EndsWith(Suffix, StringComparison.Ordinal) || errorQueue.Length == Suffix.Length)
            throw new ArgumentException($"not an error queue (its name ends in {Suffix}): {errorQueue}", nameof(errorQueue));
        var queue = errorQueue[..^Suffix.Length]; // MassTransit binds an exchange of the queue's own name to each queue

        await using var connection = await broker.ConnectionFactory().CreateConnectionAsync(cancellationToken);
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
        uint waiting;
        try
        {
            waiting = (await channel.QueueDeclarePassiveAsync(errorQueue, cancellationToken)).MessageCount;
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == Constants.NotFound)
        {
            return 0; // MassTransit makes an error queue with its first fault: nothing has faulted there
        }

        var moved = 0;
        while (moved < Math.Min(waiting, (uint)limit) && await channel.BasicGetAsync(errorQueue, autoAck: false, cancellationToken) is { } message)
        {
            var properties = new BasicProperties(message.BasicProperties);
            if (properties.Headers is { } headers)
                foreach (var fault in headers.Keys.Where(k => k.StartsWith("MT-Fault-", StringComparison.Ordinal) || k == "MT-Reason").ToList())
                    headers.Remove(fault);
            await channel.BasicPublishAsync(queue, "", mandatory: true, properties, message.Body, cancellationToken); // returns once confirmed
            await channel.BasicAckAsync(message.DeliveryTag, multiple: false, cancellationToken);
            moved++;
        }

        return moved;
    }
}
