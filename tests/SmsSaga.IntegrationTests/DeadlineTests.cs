using Microsoft.EntityFrameworkCore;
using SmsSaga.Components.Credits;
using SmsSaga.Components.Messages;
using SmsSaga.Contracts;

namespace SmsSaga.IntegrationTests;

/// <summary>The deadline sweep on PostgreSQL and RabbitMQ: a Sent message with no report, once its window is over, is final.</summary>
[Collection(GatewayCollection.Name)]
public sealed class DeadlineTests(GatewayFixture gateway)
{
    /// <summary>The fixture's simulator accepts messages to this number and never reports on them.</summary>
    public const string Unreported = "+447911000002";

    [Fact]
    public async Task A_sent_message_whose_report_window_is_over_is_sent_for_good_and_its_credit_captured()
    {
        var client = await gateway.NewClient("deadline", credit: 1m);
        var id = MessageIdentity.For(client, "deadline-1");
        await gateway.Bus.Publish(new SendSms(client, "deadline-1", Unreported, "Any receipts?"));
        Assert.True(await Eventually.Until(() => gateway.Query(db => db.Messages.AnyAsync(m => m.CorrelationId == id && m.CurrentState == SmsStates.Sent)),
            TimeSpan.FromSeconds(30)));
        var deadline = await gateway.Query(db => db.Messages.Where(m => m.CorrelationId == id).Select(m => m.Deadline).SingleAsync());
        Assert.InRange(deadline!.Value - DateTimeOffset.UtcNow, TimeSpan.FromHours(47), TimeSpan.FromHours(48)); // the fixture's window

        // 48 hours pass: the deadline is behind us (the window's length is configuration; the sweep is what is tested).
        await gateway.Query(db => db.Database.ExecuteSqlAsync($"UPDATE sms SET deadline = now() - interval '1 second' WHERE id = {id}"));

        Assert.True(await Eventually.Until(() => gateway.Query(db => db.Messages.AnyAsync(m => m.CorrelationId == id && m.ReportWindowClosed)),
            TimeSpan.FromSeconds(30)), "the deadline sweep did not close the report window");
        var (state, reason, left, holds) = await gateway.Query(async db => (
            await db.Messages.Where(m => m.CorrelationId == id).Select(m => m.CurrentState).SingleAsync(),
            await db.Messages.Where(m => m.CorrelationId == id).Select(m => m.Reason).SingleAsync(),
            await db.Messages.Where(m => m.CorrelationId == id).Select(m => m.Deadline).SingleAsync(),
            await db.CreditHolds.Where(h => h.MessageId == id).Select(h => h.Status).ToListAsync()));
        Assert.Equal(SmsStates.Sent, state);
        Assert.Equal(SmsReasons.ReportWindowClosed, reason);
        Assert.Null(left);
        Assert.True(await Eventually.Until(() => gateway.Query(db => db.CreditHolds.AnyAsync(h => h.MessageId == id && h.Status == "captured")),
            TimeSpan.FromSeconds(30)), $"the hold was not captured ({string.Join(",", holds)})");
        await LedgerAssertions.AssertBalanced(gateway.Database, client);
    }
}
