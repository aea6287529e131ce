using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace SmsSaga.Bench;

/// <summary>
/// <c>smssaga-bench pipeline</c>: publishes a burst of plain-JSON <c>SendSms</c> to the broker, as an upstream service
/// without MassTransit would (each confirmed), and reads the gateway's terminal events (<c>SmsDelivered</c>,
/// <c>SmsFailed</c>) from a queue of its own, until every message has ended or none has for a minute. Prints one line
/// of figures: publish time, end-to-end messages/s (first publish to last terminal event), and publish-to-terminal
/// latency percentiles.
/// </summary>
public static class PipelineBurst
{
    const string Usage = """
        usage: smssaga-bench pipeline --vhost VHOST --count N [--clients K] [--client-prefix P] [--host H] [--user U] [--password P]
          publishes N messages for clients P0..P(K-1) in turn (default prefix "bench-"), waits until all have ended
        """;

    static readonly string[] TerminalExchanges = ["SmsSaga.Contracts:SmsDelivered", "SmsSaga.Contracts:SmsFailed"];

    public static async Task<int> RunAsync(string[] args)
    {
        var options = new Dictionary<string, string>();
        for (var i = 0; i + 1 < args.Length; i += 2)
            options[args[i].TrimStart('-')] = args[i + 1];
        if (!options.TryGetValue("vhost", out var vhost) || !options.TryGetValue("count", out var countText))
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        var count = int.Parse(countText, CultureInfo.InvariantCulture);
        var clients = int.Parse(options.GetValueOrDefault("clients", "1"), CultureInfo.InvariantCulture);
        var prefix = options.GetValueOrDefault("client-prefix", "bench-");
        var factory = new ConnectionFactory
        {
            HostName = options.GetValueOrDefault("host", "127.0.0.1"),
            VirtualHost = vhost,
            UserName = options.GetValueOrDefault("user", "smssaga"),
            Password = options.GetValueOrDefault("password", "smssaga"),
        };
        await using var connection = await factory.CreateConnectionAsync();

        var run = DateTime.UtcNow.ToString("HHmmssfff", CultureInfo.InvariantCulture);
        var sent = new ConcurrentDictionary<string, long>();
        var ended = new ConcurrentDictionary<string, long>();
        var clock = Stopwatch.StartNew();

        await using var events = await connection.CreateChannelAsync();
        var queue = (await events.QueueDeclareAsync($"bench-terminal-{run}", durable: false, exclusive: true, autoDelete: true)).QueueName;
        foreach (var exchange in TerminalExchanges)
        {
            await events.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true, autoDelete: false);
            await events.QueueBindAsync(queue, exchange, "");
        }

        await events.BasicQosAsync(0, 1000, false);
        var consumer = new AsyncEventingBasicConsumer(events);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            using var envelope = JsonDocument.Parse(delivery.Body);
            var key = envelope.RootElement.GetProperty("message").GetProperty("idempotencyKey").GetString()!;
            if (sent.ContainsKey(key))
                ended.TryAdd(key, clock.ElapsedTicks);
            await events.BasicAckAsync(delivery.DeliveryTag, false);
        };
        await events.BasicConsumeAsync(queue, autoAck: false, consumer);

        await using (var publisher = await connection.CreateChannelAsync(new CreateChannelOptions(true, true)))
        {
            const int window = 500; // confirms outstanding at once
            for (var start = 0; start < count; start += window)
                await Task.WhenAll(Enumerable.Range(start, Math.Min(window, count - start)).Select(async i =>
                {
                    var key = $"bench-{run}-{i}";
                    var body = JsonSerializer.SerializeToUtf8Bytes(new
                    {
                        clientId = prefix + (i % clients).ToString(CultureInfo.InvariantCulture),
                        idempotencyKey = key,
                        to = "+4479111" + (10000 + i % 90000).ToString(CultureInfo.InvariantCulture),
                        text = $"Benchmark message {i}",
                    });
                    sent[key] = clock.ElapsedTicks;
                    var properties = new BasicProperties { ContentType = "application/json", DeliveryMode = DeliveryModes.Persistent };
                    await publisher.BasicPublishAsync("SmsSaga.Contracts:SendSms", "", true, properties, body);
                }));
        }

        var published = clock.Elapsed;
        var lastProgress = clock.Elapsed;
        var lastCount = 0;
        while (ended.Count < count && clock.Elapsed - lastProgress < TimeSpan.FromMinutes(1))
        {
            await Task.Delay(200);
            if (ended.Count != lastCount)
                (lastCount, lastProgress) = (ended.Count, clock.Elapsed);
        }

        var endTicks = ended.Values.DefaultIfEmpty(clock.ElapsedTicks).Max();
        var seconds = endTicks / (double)Stopwatch.Frequency;
        var latencies = ended.Select(e => (e.Value - sent[e.Key]) * 1000.0 / Stopwatch.Frequency).Order().ToArray();
        var line = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"messages={count} clients={clients} ended={ended.Count} ")
            .Append(CultureInfo.InvariantCulture, $"publish_s={published.TotalSeconds:0.0} end_to_end_s={seconds:0.0} ")
            .Append(CultureInfo.InvariantCulture, $"rate={ended.Count / seconds:0.0} ")
            .Append(CultureInfo.InvariantCulture, $"p50_ms={StepResult.NearestRank(latencies, 50):0} p99_ms={StepResult.NearestRank(latencies, 99):0}");
        Console.WriteLine(line);
        return ended.Count == count ? 0 : 1;
    }
}
