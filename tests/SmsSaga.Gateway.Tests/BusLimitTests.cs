using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmsSaga.Components.Credits;
using SmsSaga.Components.Messages;
using SmsSaga.Contracts;

namespace SmsSaga.Gateway.Tests;

/// <summary>
/// A client's rate on the bus (<c>BusLimit</c>) on the real broker, scheduler and database: what comes over it waits for
/// its turn and then goes out, none refused or lost; other clients are not held back.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class BusLimitTests(ApiFactory api)
{
    const int Count = 12, Burst = 2;
    const double Rate = 4; // ApiFactory's BusLimit for BusLimitedClient

    [Fact]
    public async Task Messages_over_a_clients_bus_rate_wait_their_turn_and_all_go_out_once()
    {
        using (var admin = api.Admin())
            (await admin.PostAsync("/v1/admin/clients", new StringContent($$"""{"id":"{{ApiFactory.BusLimitedClient}}","credit":5}""",
                System.Text.Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        var (free, _, _) = await api.NewClient("bus-unlimited");
        var bus = api.Services.GetRequiredService<IBus>();
        var run = Guid.NewGuid().ToString("N");

        for (var i = 0; i < Count; i++)
            await bus.Publish(new SendSms(ApiFactory.BusLimitedClient, $"{run}-{i}", "+447911123475", $"Limited {i}"));
        await bus.Publish(new SendSms(ApiFactory.BusLimitedClient, $"{run}-0", "+447911123475", "Limited 0")); // a repeat: one message
        for (var i = 0; i < Count; i++)
            await bus.Publish(new SendSms(free, $"{run}-{i}", "+447911123476", $"Free {i}"));

        var limited = Enumerable.Range(0, Count).Select(i => MessageIdentity.For(ApiFactory.BusLimitedClient, $"{run}-{i}")).ToList();
        Assert.True(await Eventually.Until(async () => await api.Query(db => db.Messages.CountAsync(m => limited.Contains(m.CorrelationId) && m.CurrentState == "Delivered")) == Count,
            TimeSpan.FromSeconds(60)), "not every message over the rate went out");
        Assert.True(await Eventually.Until(async () => await api.Query(db => db.Messages.CountAsync(m => m.ClientId == free && m.CurrentState == "Delivered")) == Count,
            TimeSpan.FromSeconds(60)), "the other client's messages did not all go out");

        // Admitted at the rate: the n-th no sooner than (n - burst) / rate after the first, give or take the clock's grain.
        var admitted = (await api.Query(db => db.Messages.Where(m => m.ClientId == ApiFactory.BusLimitedClient)
            .Select(m => m.CreatedAt).ToListAsync())).Order().ToList();
        Assert.Equal(Count, admitted.Count);
        for (var n = Burst; n < Count; n++)
            Assert.True((admitted[n] - admitted[0]).TotalSeconds >= (n + 1 - Burst) / Rate - 0.3,
                $"message {n} was admitted {(admitted[n] - admitted[0]).TotalSeconds:0.00} s after the first");
        // ... while the other client, published after them, was not kept waiting behind them.
        var freeLast = await api.Query(db => db.Messages.Where(m => m.ClientId == free).MaxAsync(m => m.CreatedAt));
        Assert.True(freeLast < admitted[^1], "the client without a bus rate waited for the limited one");

        // Charged once each: 12 delivered single-segment messages, nothing left held.
        await SmsSaga.Tests.LedgerAssertions.AssertBalanced(api, ApiFactory.BusLimitedClient);
        var holds = await api.Query(db => db.CreditHolds.CountAsync(h => h.ClientId == ApiFactory.BusLimitedClient));
        Assert.Equal(Count, holds);
    }
}
