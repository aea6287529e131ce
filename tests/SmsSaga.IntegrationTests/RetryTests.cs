using Microsoft.EntityFrameworkCore;
using SmsSaga.Components.Clients;
using SmsSaga.Components.Credits;
using SmsSaga.Components.Dispatch;
using SmsSaga.Components.Messages;
using SmsSaga.Contracts;

namespace SmsSaga.IntegrationTests;

/// <summary>Transient refusals are retried through the Quartz scheduler bridge, then give up and release the credit.</summary>
[Collection(GatewayCollection.Name)]
public sealed class RetryTests(GatewayFixture gateway)
{
    /// <summary>The fixture's simulator refuses this number with a retryable error every time.</summary>
    public const string Unreachable = "+447911000001";

    [Fact]
    public async Task A_recipient_that_stays_unreachable_gets_max_attempts_then_fails_with_the_credit_released()
    {
        var client = await gateway.NewClient("retry", credit: 1m);
        var id = MessageIdentity.For(client, "retry-1");

        await gateway.Bus.Publish(new SendSms(client, "retry-1", Unreachable, "Are you there?"));

        Assert.True(await Eventually.Until(() => Task.FromResult(TerminalEventRecorder.FailureReasons.ContainsKey(id)), TimeSpan.FromSeconds(60)));
        Assert.Equal(FailureReasons.RetriesExhausted, TerminalEventRecorder.FailureReasons[id]);

        var (attempts, timeline) = await gateway.Query(async db => (
            await db.ProviderAttempts.Where(a => a.MessageId == id).OrderBy(a => a.Attempt).Select(a => new { a.Attempt, a.Code, a.CreatedAt }).ToListAsync(),
            await db.History.Where(h => h.MessageId == id).OrderBy(h => h.Id).Select(h => h.To).ToListAsync()));
        Assert.Equal([1, 2, 3], attempts.Select(a => a.Attempt));
        Assert.All(attempts, a => Assert.Equal("sim_throttled", a.Code));
        Assert.Equal(["Queued", "Sending", "Queued", "Sending", "Queued", "Sending", "Failed"], timeline);
        await LedgerAssertions.AssertBalanced(gateway.Database, client);
        var account = await gateway.Query(db => db.Clients.AsNoTracking().SingleAsync(c => c.Id == client));
        Assert.Equal(1m, account.Available);
    }

    [Fact]
    public async Task Replaying_a_dead_letter_holds_credit_afresh_and_tries_again()
    {
        var client = await gateway.NewClient("replay", credit: 1m);
        var id = MessageIdentity.For(client, "replay-1");
        await gateway.Bus.Publish(new SendSms(client, "replay-1", Unreachable, "Still there?"));
        Assert.True(await Eventually.Until(() => gateway.Query(db => db.Messages.AnyAsync(m => m.CorrelationId == id && m.CurrentState == "Failed")),
            TimeSpan.FromSeconds(60)));

        await gateway.Bus.Publish(new ReplaySms(id));

        Assert.True(await Eventually.Until(() => gateway.Query(db => db.Messages.AnyAsync(m => m.CorrelationId == id && m.CurrentState == "Failed" && m.Replays == 1)),
            TimeSpan.FromSeconds(60)), "the replayed message did not fail again");
        // The saga is Failed once it has asked for the release; the release consumer settles the hold after that.
        await LedgerAssertions.AssertBalanced(gateway.Database, client);
        var (holds, attempts) = await gateway.Query(async db => (
            await db.CreditHolds.Where(h => h.MessageId == id).Select(h => h.Status).ToListAsync(),
            await db.ProviderAttempts.CountAsync(a => a.MessageId == id)));
        Assert.Equal(["released", "released"], holds);
        Assert.Equal(6, attempts); // three per series
    }
}
