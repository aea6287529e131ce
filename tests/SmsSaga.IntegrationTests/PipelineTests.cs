using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using SmsSaga.Components.Clients;
using SmsSaga.Components.Credits;
using SmsSaga.Components.Messages;
using SmsSaga.Contracts;
using Xunit.Abstractions;

namespace SmsSaga.IntegrationTests;

[Collection(GatewayCollection.Name)]
public sealed class PipelineTests(GatewayFixture gateway, ITestOutputHelper output)
{
    static readonly string[] TerminalStates = ["Delivered", "Failed"];

    [Fact]
    public async Task Thousand_messages_with_ten_percent_permanent_failures_all_end_and_the_ledger_balances()
    {
        const int count = 1000;
        var client = await gateway.NewClient("bulk", credit: 100m); // 1,000 × 0.05 = 50 at most
        var requests = Enumerable.Range(0, count)
            .Select(i => new SendSms(client, $"bulk-{i}", "+4479111" + (10000 + i), $"Bulk message {i}", null, $"r{i}"))
            .ToList();
        var ids = requests.Select(r => MessageIdentity.For(r.ClientId, r.IdempotencyKey)).ToHashSet();

        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (request, ct) => await gateway.Bus.Publish(request, ct));
        var published = clock.Elapsed;

        var allEnded = await Eventually.Until(
            async () => await gateway.Query(db => db.Messages.CountAsync(m => m.ClientId == client && TerminalStates.Contains(m.CurrentState))) == count,
            TimeSpan.FromMinutes(3), TimeSpan.FromMilliseconds(50));
        var elapsed = clock.Elapsed;

        var byState = await gateway.Query(db => db.Messages.Where(m => m.ClientId == client)
            .GroupBy(m => m.CurrentState).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count));
        var rate = count / elapsed.TotalSeconds;
        var report = $"1,000-message pipeline: published in {published.TotalSeconds:0.00} s, all terminal in {elapsed.TotalSeconds:0.00} s " +
                     $"= {rate:0} messages/s end to end; states: {string.Join(", ", byState.Select(kv => $"{kv.Key} {kv.Value}"))}";
        output.WriteLine(report);
        await File.AppendAllTextAsync(Path.Combine(AppContext.BaseDirectory, "pipeline-rate.txt"), report + Environment.NewLine);

        Assert.True(allEnded, "not every message reached a terminal state: " + string.Join(", ", byState.Select(kv => $"{kv.Key} {kv.Value}")));
        Assert.InRange(byState.GetValueOrDefault("Failed"), 50, 160); // 10% ± a wide margin of chance

        // Every upstream listener hears exactly one terminal event per message.
        Assert.True(await Eventually.Until(() => Task.FromResult(ids.All(TerminalEventRecorder.Terminal.ContainsKey)), TimeSpan.FromSeconds(30)));
        Assert.All(ids, id => Assert.Equal(1, TerminalEventRecorder.Terminal[id]));

        await LedgerAssertions.AssertBalanced(gateway.Database, client);
    }

    [Fact]
    public async Task Client_without_enough_credit_gets_insufficient_credit_and_pays_nothing()
    {
        var client = await gateway.NewClient("poor", credit: 0.04m); // one segment costs 0.04–0.05
        var request = new SendSms(client, "k1", "+33612345678", "Bonjour");
        var id = MessageIdentity.For(client, "k1");

        await gateway.Bus.Publish(request);

        Assert.True(await Eventually.Until(() => Task.FromResult(TerminalEventRecorder.FailureReasons.ContainsKey(id)), TimeSpan.FromSeconds(30)));
        Assert.Equal(FailureReasons.InsufficientCredit, TerminalEventRecorder.FailureReasons[id]);
        var account = await gateway.Query(db => db.Clients.AsNoTracking().SingleAsync(c => c.Id == client));
        Assert.Equal(0.04m, account.Available);
        Assert.Equal(0m, account.Captured);
        await LedgerAssertions.AssertBalanced(gateway.Database, client);
    }

    [Fact]
    public async Task Twenty_concurrent_duplicates_make_one_message_one_hold_and_one_submission()
    {
        var client = await gateway.NewClient("dups", credit: 10m);
        var request = new SendSms(client, "same-key", "+14155550123", "Only once, please");
        var id = MessageIdentity.For(client, "same-key");

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => gateway.Bus.Publish(request)));

        Assert.True(await Eventually.Until(() => Task.FromResult(TerminalEventRecorder.Terminal.ContainsKey(id)), TimeSpan.FromSeconds(30)));
        var (messages, holds, history) = await gateway.Query(async db => (
            await db.Messages.CountAsync(m => m.ClientId == client),
            await db.CreditHolds.CountAsync(h => h.ClientId == client),
            await db.History.Where(h => h.MessageId == id).Select(h => h.To).ToListAsync()));
        Assert.Equal(1, messages);
        Assert.Equal(1, holds);
        Assert.Equal(1, history.Count(s => s == "Sending"));
        Assert.Equal(1, TerminalEventRecorder.Terminal[id]);
        await LedgerAssertions.AssertBalanced(gateway.Database, client);
    }
}
