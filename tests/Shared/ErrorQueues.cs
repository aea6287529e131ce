using System.Text;
using System.Text.Json;
using RabbitMQ.Client;

namespace SmsSaga.Tests;

/// <summary>
/// The error queues of a test virtual host: a message MassTransit moved to a <c>*_error</c> queue faulted in a consumer
/// or the saga, and in production it would wait there unsettled. Checked after a test collection's runs; a test that
/// means to dead-letter a message takes it out of the error queue itself.
/// </summary>
static class ErrorQueues
{
    public static async Task AssertEmpty(string virtualHost)
    {
        var faults = await Describe(virtualHost);
        if (faults.Count == 0)
            return;
        var report = $"Error queues of virtual host {virtualHost} are not empty:{Environment.NewLine}{string.Join(Environment.NewLine, faults)}";
        Console.Error.WriteLine(report); // the runner prints a cleanup failure's type; this line says what faulted
        throw new InvalidOperationException(report);
    }

    /// <summary>One line per dead-lettered message (up to five per queue): queue, message type, exception and its message.</summary>
    public static async Task<List<string>> Describe(string virtualHost)
    {
        var faults = new List<string>();
        await using var connection = await TestBroker.For(virtualHost).ConnectionFactory().CreateConnectionAsync();
        foreach (var queue in await QueueNames(virtualHost))
        {
            if (!queue.EndsWith("_error", StringComparison.Ordinal))
                continue;
            await using var channel = await connection.CreateChannelAsync();
            var count = (await channel.QueueDeclarePassiveAsync(queue)).MessageCount;
            for (var i = 0; i < Math.Min(count, 5); i++)
            {
                // Not acknowledged: closing the channel puts the message back, so it can still be looked at.
                if (await channel.BasicGetAsync(queue, autoAck: false) is not { } message)
                    break;
                faults.Add($"  {queue} ({count}): {MessageType(message)}: {Header(message, "MT-Fault-ExceptionType")}: {Header(message, "MT-Fault-Message")}");
            }
        }

        return faults;
    }

    /// <summary>
    /// Takes the first message of <paramref name="queue"/> whose body holds <paramref name="marker"/> out of it and returns its
    /// fault reason (MassTransit's <c>MT-Fault-Message</c>); null if there is none (or no such queue yet: MassTransit creates
    /// an error queue with its first fault). Every other message stays in the queue.
    /// </summary>
    public static async Task<string?> TakeAsync(string virtualHost, string queue, string marker)
    {
        await using var connection = await TestBroker.For(virtualHost).ConnectionFactory().CreateConnectionAsync();
        await using (var probe = await connection.CreateChannelAsync())
        {
            try
            {
                await probe.QueueDeclarePassiveAsync(queue);
            }
            catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
            {
                return null;
            }
        }

        await using var reader = await connection.CreateChannelAsync();
        while (await reader.BasicGetAsync(queue, autoAck: false) is { } result)
        {
            if (Encoding.UTF8.GetString(result.Body.Span).Contains(marker))
            {
                await reader.BasicAckAsync(result.DeliveryTag, multiple: false);
                return Header(result, "MT-Fault-Message");
            }
        }

        return null; // closing the channel returns the unacknowledged messages to the queue
    }

    /// <summary>
    /// Takes every message whose body holds <paramref name="marker"/> out of every error queue of the virtual host; returns
    /// (queue, fault reason) for each. Every other message stays where it was.
    /// </summary>
    public static async Task<List<(string Queue, string Reason)>> TakeAllAsync(string virtualHost, string marker)
    {
        var taken = new List<(string, string)>();
        await using var connection = await TestBroker.For(virtualHost).ConnectionFactory().CreateConnectionAsync();
        foreach (var queue in (await QueueNames(virtualHost)).Where(q => q.EndsWith("_error", StringComparison.Ordinal)))
        {
            await using var reader = await connection.CreateChannelAsync();
            while (await reader.BasicGetAsync(queue, autoAck: false) is { } result)
            {
                if (!Encoding.UTF8.GetString(result.Body.Span).Contains(marker))
                    continue;
                await reader.BasicAckAsync(result.DeliveryTag, multiple: false);
                taken.Add((queue, Header(result, "MT-Fault-Message")));
            }
        }

        return taken; // closing each channel returns the unacknowledged messages to their queue
    }

    static async Task<List<string>> QueueNames(string virtualHost) =>
        (await TestBroker.Management($"api/queues/{Uri.EscapeDataString(virtualHost)}?columns=name"))
        .Select(q => q.GetProperty("name").GetString()!).ToList();

    static string Header(BasicGetResult message, string name) =>
        message.BasicProperties.Headers?.TryGetValue(name, out var value) == true && value is byte[] raw ? Encoding.UTF8.GetString(raw) : "?";

    /// <summary>The envelope's first message type, or the content type of a message that has no envelope.</summary>
    static string MessageType(BasicGetResult message)
    {
        try
        {
            using var body = JsonDocument.Parse(message.Body);
            if (body.RootElement.ValueKind == JsonValueKind.Object && body.RootElement.TryGetProperty("messageType", out var types)
                && types.ValueKind == JsonValueKind.Array && types.GetArrayLength() > 0)
                return types[0].GetString() ?? "?";
        }
        catch (JsonException)
        {
        }

        return message.BasicProperties.ContentType ?? "no content type";
    }
}
