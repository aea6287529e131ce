using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmsSaga.Components.Clients;
using SmsSaga.Components.Credits;
using SmsSaga.Components.Dispatch;
using SmsSaga.Components.Messages;
using SmsSaga.Components.Retention;
using SmsSaga.Contracts;

namespace SmsSaga.IntegrationTests;

/// <summary>Retention on PostgreSQL: personal data of ended messages goes after its period; messages in flight keep everything.</summary>
[Collection(GatewayCollection.Name)]
public sealed class RetentionTests(GatewayFixture gateway)
{
    [Fact]
    public async Task An_ended_message_loses_its_text_and_number_after_30_days_and_its_timeline_after_90_and_one_in_flight_keeps_all()
    {
        var client = await gateway.NewClient("retention", credit: 10m);
        string[] ended = [SmsStates.Delivered, SmsStates.Failed];
        var old = MessageIdentity.For(client, "old");
        var older = MessageIdentity.For(client, "older");
        var waiting = MessageIdentity.For(client, "waiting");
        await gateway.Bus.Publish(new SendSms(client, "old", "+447911123456", "A secret code: 1234", SenderId: "ACME"));
        await gateway.Bus.Publish(new SendSms(client, "older", "+447911123457", "Another secret"));
        await gateway.Bus.Publish(new SendSms(client, "waiting", "+447911123458", "Not yet", SendAt: DateTimeOffset.UtcNow.AddDays(1)));
        Assert.True(await Eventually.Until(() => gateway.Query(async db =>
            await db.Messages.CountAsync(m => (m.CorrelationId == old || m.CorrelationId == older) && ended.Contains(m.CurrentState)) == 2
            && await db.Messages.AnyAsync(m => m.CorrelationId == waiting && m.CurrentState == SmsStates.Scheduled)), TimeSpan.FromSeconds(60)));
        await LedgerAssertionsAfterScheduled(client, waiting);
        var balance = await gateway.Query(db => db.Clients.AsNoTracking().SingleAsync(c => c.Id == client));

        // Forty days on for "old" and "waiting", a hundred for "older" (its timeline and provider attempts too).
        await gateway.Query(db => db.Database.ExecuteSqlAsync(
            $"UPDATE sms SET updated_at = now() - interval '40 days' WHERE id IN ({old}, {waiting})"));
        await gateway.Query(db => db.Database.ExecuteSqlAsync($"UPDATE sms SET updated_at = now() - interval '100 days' WHERE id = {older}"));
        await gateway.Query(db => db.Database.ExecuteSqlAsync($"UPDATE sms_history SET at = at - interval '100 days' WHERE message_id IN ({old}, {older})"));
        await gateway.Query(db => db.Database.ExecuteSqlAsync($"UPDATE provider_attempts SET created_at = created_at - interval '100 days' WHERE message_id = {older}"));

        await gateway.Services.GetRequiredService<RetentionCleanup>().CleanOnce(CancellationToken.None);

        var after = await gateway.Query(db => db.Messages.AsNoTracking().Where(m => m.ClientId == client).ToDictionaryAsync(m => m.CorrelationId));
        Assert.Equal(("", null, "+447*********"), (after[old].Text, after[old].SenderId, after[old].To));
        Assert.NotNull(after[old].RedactedAt);
        Assert.Equal("", after[older].Text);
        Assert.Equal(("Not yet", "+447911123458", (DateTimeOffset?)null), (after[waiting].Text, after[waiting].To, after[waiting].RedactedAt));
        Assert.True(ended.Contains(after[old].CurrentState) && ended.Contains(after[older].CurrentState)); // state, cost and reason stay
        Assert.True(await gateway.Query(db => db.History.AnyAsync(h => h.MessageId == old)), "a 40-day-old message lost its timeline");
        Assert.False(await gateway.Query(db => db.History.AnyAsync(h => h.MessageId == older)));
        Assert.False(await gateway.Query(db => db.ProviderAttempts.AnyAsync(a => a.MessageId == older)));
        Assert.True(await gateway.Query(db => db.History.AnyAsync(h => h.MessageId == waiting)));
        var accounts = await gateway.Query(db => db.Clients.AsNoTracking().SingleAsync(c => c.Id == client));
        Assert.Equal((balance.Available, balance.Held, balance.Captured), (accounts.Available, accounts.Held, accounts.Captured));

        // A second pass finds nothing more to do.
        Assert.Equal(0, await gateway.Services.GetRequiredService<RetentionCleanup>().CleanOnce(CancellationToken.None));
        await gateway.Bus.Publish(new CancelSms(waiting, client));
        Assert.True(await Eventually.Until(() => gateway.Query(db => db.Messages.AnyAsync(m => m.CorrelationId == waiting && m.CurrentState == SmsStates.Canceled)),
            TimeSpan.FromSeconds(30)));
        await LedgerAssertions.AssertBalanced(gateway.Database, client);
    }

    /// <summary>The ended messages' holds are settled (the scheduled one's stays held until it is canceled).</summary>
    Task LedgerAssertionsAfterScheduled(string client, Guid scheduled) =>
        Eventually.Until(() => gateway.Query(db => db.CreditHolds.AllAsync(h => h.ClientId != client || h.MessageId == scheduled || h.Status != "held")),
            TimeSpan.FromSeconds(30));
}
