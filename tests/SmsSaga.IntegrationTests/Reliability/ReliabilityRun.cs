using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using RabbitMQ.Client;
using SmsSaga.Components.Clients;
using SmsSaga.Components.Credits;
using SmsSaga.Components.Dispatch;
using SmsSaga.Components.Messages;

namespace SmsSaga.IntegrationTests.Reliability;

/// <summary>
/// One reliability run against a gateway in its own process, database (<c>smssaga_reliability</c>) and virtual
/// host (<c>smssaga_reliability</c>): publishes plain-JSON SendSms, lets the test break things, waits for every
/// message to end, then checks that nothing was lost or done twice and reports the figures.
/// </summary>
sealed class ReliabilityRun : IAsyncDisposable
{
    public const string VirtualHost = "smssaga_reliability";
    const string EventsQueue = "reliability-terminal-events";
    static readonly string[] TerminalExchanges = ["SmsSaga.Contracts:SmsDelivered", "SmsSaga.Contracts:SmsFailed"];

    readonly Stopwatch _clock = new();
    IConnection _connection = null!;

    ReliabilityRun(string clientId)
    {
        ClientId = clientId;
        var database = new NpgsqlConnectionStringBuilder(TestEnvironment.ConnectionString) { Database = "smssaga_reliability" };
        Database = new TestDatabase(database.ConnectionString);
        Gateway = new ExternalGateway(4101, new Dictionary<string, string>
        {
            ["ConnectionStrings__Sms"] = database.ConnectionString,
            ["RabbitMq__VirtualHost"] = VirtualHost,
            // A gateway whose bus has stopped carrying messages exits, and ExternalGateway starts it again, as a supervisor would.
            ["BusWatchdog__UnhealthyAfter"] = "00:00:30",
            ["BusWatchdog__ExitAfter"] = "00:01:00",
            ["BusWatchdog__StuckAfter"] = "00:01:30",
            ["Simulator__MinLatencyMs"] = "0",
            ["Simulator__MaxLatencyMs"] = "5",
            ["Simulator__PermanentFailureRate"] = "0.10",
            ["Simulator__TransientFailureRate"] = "0.02",
            ["Simulator__MinReportDelayMs"] = "0",
            ["Simulator__MaxReportDelayMs"] = "200",
            ["Simulator__DeliveredRate"] = "0.95",
            ["Simulator__ReportBeforeAckRate"] = "0.05",
        });
    }

    public string ClientId { get; }
    public TestDatabase Database { get; }
    public ExternalGateway Gateway { get; }
    public int Published { get; private set; }
    public TimeSpan Drain { get; private set; }

    /// <summary>A fresh database and virtual host, the gateway started, a client with enough credit.</summary>
    public static async Task<ReliabilityRun> Start(string name)
    {
        await Services.ResetVirtualHost(VirtualHost);
        var run = new ReliabilityRun(name);
        await run.Database.Recreate();
        await run.Database.Query(async db =>
        {
            var ledger = new CreditLedger(db, Options.Create(new PricingOptions()), TimeProvider.System);
            await new ClientAdmin(db, ledger, TimeProvider.System).EnsureAsync(name, name, 10_000m, default);
            return 0;
        });
        await run.Gateway.Start();
        run._connection = await Factory().CreateConnectionAsync();
        await using var channel = await run._connection.CreateChannelAsync();
        await channel.QueueDeclareAsync(EventsQueue, durable: true, exclusive: false, autoDelete: false);
        foreach (var exchange in TerminalExchanges)
        {
            await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true, autoDelete: false);
            await channel.QueueBindAsync(EventsQueue, exchange, "");
        }

        run._clock.Start();
        return run;
    }

    /// <summary>
    /// Unbinds everything bound to the bus probes' exchange: the gateway's probes stop coming back, as they do when its
    /// receive endpoints stop reconnecting (the wedge in docs/reliability.md), while its messages keep flowing.
    /// </summary>
    public async Task CutBusProbes()
    {
        const string probes = "SmsSaga.Contracts.Internal:BusProbe";
        var bindings = await TestBroker.Management($"api/exchanges/{VirtualHost}/{Uri.EscapeDataString(probes)}/bindings/source");
        Assert.NotEmpty(bindings);
        await using var channel = await _connection.CreateChannelAsync();
        foreach (var binding in bindings)
        {
            var destination = binding.GetProperty("destination").GetString()!;
            var key = binding.GetProperty("routing_key").GetString() ?? "";
            if (binding.GetProperty("destination_type").GetString() == "exchange")
                await channel.ExchangeUnbindAsync(destination, probes, key);
            else
                await channel.QueueUnbindAsync(destination, probes, key);
        }
    }

    /// <summary>Publishes <paramref name="count"/> distinct requests as plain JSON, each confirmed by the broker.</summary>
    public async Task Publish(int count, DateTimeOffset? sendAt = null)
    {
        await using var channel = await _connection.CreateChannelAsync(new CreateChannelOptions(true, true));
        for (var start = 0; start < count; start += 100)
        {
            await Task.WhenAll(Enumerable.Range(start, Math.Min(100, count - start)).Select(async i =>
            {
                var body = JsonSerializer.SerializeToUtf8Bytes(new
                {
                    clientId = ClientId,
                    idempotencyKey = $"r-{Published + i}",
                    to = "+4479111" + (10000 + (Published + i) % 90000),
                    text = $"Reliability message {Published + i}",
                    sendAt,
                });
                var properties = new BasicProperties { ContentType = "application/json", DeliveryMode = DeliveryModes.Persistent, MessageId = Guid.NewGuid().ToString() };
                await channel.BasicPublishAsync("SmsSaga.Contracts:SendSms", "", true, properties, body);
            }));
        }

        Published += count;
    }

    public Task<int> Scheduled() =>
        Database.Query(db => db.Messages.CountAsync(m => m.ClientId == ClientId && m.CurrentState == "Scheduled"));

    public Task<DateTimeOffset> FirstAttempt() => Database.Query(db => db.ProviderAttempts.MinAsync(a => a.CreatedAt));

    public Task<int> Terminal() =>
        Database.Query(db => db.Messages.CountAsync(m => m.ClientId == ClientId && (m.CurrentState == "Delivered" || m.CurrentState == "Failed")));

    /// <summary>Waits until every published message has ended; records the time it took from the start.</summary>
    public async Task WaitForAll(TimeSpan timeout)
    {
        NpgsqlConnection.ClearAllPools(); // connections from before a database restart are dead
        var all = await Eventually.Until(async () => await Terminal() == Published, timeout, TimeSpan.FromMilliseconds(250));
        Drain = _clock.Elapsed;
        Assert.True(all, $"{await Terminal()} of {Published} messages ended within {timeout}; {await Gateway.Describe()}; see {Gateway.LogFile}");
    }

    /// <summary>
    /// Every message ended once; each terminal event reached listeners under one message id (a re-published
    /// copy carries the same id); every hold settled once; the ledger balances; no attempt whose answer was
    /// recorded was submitted to the provider again. Returns the duplicated provider submissions.
    /// </summary>
    public async Task<long> AssertNothingLostOrDoubled()
    {
        var twiceTerminal = await Database.Query(db => db.History
            .Where(h => h.To == "Delivered" || h.To == "Failed")
            .GroupBy(h => h.MessageId).Where(g => g.Count() > 1).CountAsync());
        Assert.Equal(0, twiceTerminal);

        var events = await ReadTerminalEvents();
        var ids = await Database.Query(db => db.Messages.Where(m => m.ClientId == ClientId).Select(m => m.CorrelationId).ToListAsync());
        Assert.All(ids, id => Assert.True(events.TryGetValue(id, out var transportIds) && transportIds.Count == 1,
            $"message {id}: terminal events under {(events.TryGetValue(id, out var t) ? t.Count : 0)} distinct message ids"));

        var settledTwice = await Database.Query(db => db.Ledger
            .Where(e => e.Kind == "capture" || e.Kind == "release")
            .GroupBy(e => e.HoldId).Where(g => g.Count() > 1).CountAsync());
        Assert.Equal(0, settledTwice);
        await LedgerAssertions.AssertBalanced(Database, ClientId);

        var resubmittedAfterAnswer = await Database.Query(db => db.SimulatorSubmissions
            .Join(db.ProviderAttempts, s => s.AttemptId, a => a.AttemptId, (s, a) => new { s.Submissions, a.Calls })
            .CountAsync(x => x.Submissions > x.Calls));
        Assert.Equal(0, resubmittedAfterAnswer);

        return await Database.Query(db => db.SimulatorSubmissions.SumAsync(s => (long)(s.Submissions - 1)));
    }

    /// <summary>The figures for docs/reliability.md, also written to reliability-report.txt beside the test binary.</summary>
    public async Task<string> Report(string scenario, long duplicates)
    {
        var (states, attempts, interrupted) = await Database.Query(async db => (
            await db.Messages.Where(m => m.ClientId == ClientId).GroupBy(m => m.CurrentState)
                .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count),
            await db.ProviderAttempts.CountAsync(),
            await db.ProviderAttempts.CountAsync(a => a.Calls > 1)));
        var line = $"{DateTime.UtcNow:yyyy-MM-dd} {scenario}: {Published} messages, gateway started {Gateway.Starts} times " +
                   $"({Gateway.Restarts} after it exited on its own), " +
                   $"all ended after {Drain.TotalSeconds:0} s ({string.Join(", ", states.Select(s => $"{s.Key} {s.Value}"))}); " +
                   $"{attempts} provider attempts, {interrupted} interrupted mid-call, {duplicates} duplicated provider submissions";
        await File.AppendAllTextAsync(Path.Combine(AppContext.BaseDirectory, "reliability-report.txt"), line + Environment.NewLine);
        return line;
    }

    async Task<Dictionary<Guid, HashSet<string>>> ReadTerminalEvents()
    {
        var events = new Dictionary<Guid, HashSet<string>>();
        await using var channel = await _connection.CreateChannelAsync();
        while (await channel.BasicGetAsync(EventsQueue, autoAck: true) is { } result)
        {
            using var envelope = JsonDocument.Parse(result.Body);
            var transportId = envelope.RootElement.GetProperty("messageId").GetString()!;
            var smsId = envelope.RootElement.GetProperty("message").GetProperty("messageId").GetGuid();
            if (!events.TryGetValue(smsId, out var ids))
                events[smsId] = ids = [];
            ids.Add(transportId);
        }

        return events;
    }

    static ConnectionFactory Factory() => new()
    {
        HostName = "127.0.0.1",
        VirtualHost = VirtualHost,
        UserName = "smssaga",
        Password = "smssaga",
        AutomaticRecoveryEnabled = true,
    };

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        if (_connection is not null)
            await _connection.DisposeAsync();
    }
}
