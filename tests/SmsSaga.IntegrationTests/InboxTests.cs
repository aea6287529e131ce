using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SmsSaga.Components.Credits;
using SmsSaga.Components.Messages;
using SmsSaga.Components.Platform.Outbox;
using SmsSaga.Contracts;
using SmsSaga.Contracts.Internal;

namespace SmsSaga.IntegrationTests;

/// <summary>The transactional inbox on the real stack: a redelivered message is consumed once, its record and clean-up.</summary>
[Collection(GatewayCollection.Name)]
public sealed class InboxTests(GatewayFixture gateway)
{
    [Fact]
    public async Task A_message_delivered_twice_is_consumed_once_and_its_outbox_rows_are_gone_once_recorded()
    {
        var client = await gateway.NewClient("inbox", credit: 1m);
        var id = MessageIdentity.For(client, "inbox-1");
        await gateway.Bus.Publish(new SendSms(client, "inbox-1", "+447911123456", "Tomorrow", SendAt: DateTimeOffset.UtcNow.AddDays(1)));
        Assert.True(await Eventually.Until(() => gateway.Query(db => db.Messages.AnyAsync(m => m.CorrelationId == id && m.CurrentState == SmsStates.Scheduled)),
            TimeSpan.FromSeconds(30)), "the message was not scheduled");

        // The saga consumes the cancel and sends a release and an event through its outbox. The same message again, under
        // the same id, is what the broker hands over after an acknowledgement was lost.
        var transportId = NewId.NextGuid();
        var cancel = new SmsCancelRequested(id, client);
        await gateway.Bus.Publish(cancel, context => context.MessageId = transportId);
        Assert.True(await Eventually.Until(() => gateway.Query(db => db.Messages.AnyAsync(m => m.CorrelationId == id && m.CurrentState == SmsStates.Canceled)),
            TimeSpan.FromSeconds(30)), "the message was not canceled");
        await gateway.Bus.Publish(cancel, context => context.MessageId = transportId);

        Task<InboxRow?> Inbox() => gateway.Query(db => db.Database.SqlQuery<InboxRow>($"""
            SELECT receive_count AS "ReceiveCount", delivered AS "Delivered" FROM inbox_state WHERE message_id = {transportId}
            """).SingleOrDefaultAsync());
        Assert.True(await Eventually.Until(async () => await Inbox() is { ReceiveCount: 2 }, TimeSpan.FromSeconds(30)),
            "the second delivery did not reach the inbox");
        Assert.True(await Eventually.Until(async () => await Inbox() is { Delivered: not null }
            && !await gateway.Query(db => db.Outbox.AnyAsync(m => m.InboxMessageId == transportId)), TimeSpan.FromSeconds(30)),
            "the consumed message was not recorded delivered, or its outbox rows are still there");

        await Task.Delay(TimeSpan.FromSeconds(1)); // anything a second consume would have started
        Assert.Equal(1, await gateway.Query(db => db.History.CountAsync(h => h.MessageId == id && h.To == SmsStates.Canceled)));
        Assert.Equal(1, await gateway.Query(db => db.Ledger.CountAsync(e => e.MessageId == id && e.Kind == "release")));
    }

    sealed record InboxRow(int ReceiveCount, DateTime? Delivered);

    [Fact]
    public async Task The_clean_up_removes_inbox_rows_past_the_window_with_the_outbox_rows_they_left_and_keeps_recent_ones()
    {
        var old = NewId.NextGuid();
        var recent = NewId.NextGuid();
        var consumer = NewId.NextGuid();
        await gateway.Query(async db =>
        {
            foreach (var (messageId, age) in new[] { (old, TimeSpan.FromDays(2)), (recent, TimeSpan.FromMinutes(1)) })
            {
                // A message consumed and sent whose delivery was never recorded: the process died before DeliveredInboxes ran.
                var at = DateTime.UtcNow - age;
                await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO inbox_state (message_id, consumer_id, received, receive_count, consumed)
                    VALUES ({messageId}, {consumer}, {at}, 1, {at})
                    """);
                await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO outbox_messages (message_id, content_type, message_type, body, sent_time, inbox_message_id, inbox_consumer_id)
                    VALUES ({NewId.NextGuid()}, 'application/json', 'urn:message:Test', {"{}"}, {at}, {messageId}, {consumer})
                    """);
            }
            return 0;
        });

        var cleanup = gateway.Services.GetServices<IHostedService>().OfType<OutboxCleanupService>().Single();
        await cleanup.CleanOnce(CancellationToken.None);

        async Task<(int Inbox, int Outbox)> Rows(Guid messageId) => await gateway.Query(async db => (
            await db.Database.SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM inbox_state WHERE message_id = {messageId}").SingleAsync(),
            await db.Outbox.CountAsync(m => m.InboxMessageId == messageId)));
        Assert.Equal((0, 0), await Rows(old));
        Assert.Equal((1, 1), await Rows(recent));
    }
}
