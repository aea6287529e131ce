using Microsoft.EntityFrameworkCore;
using SmsSaga.Components.Dispatch;
using SmsSaga.Components.Messages;
using SmsSaga.Contracts;

namespace SmsSaga.IntegrationTests;

[Collection(GatewayCollection.Name)]
public sealed class SendAtTests(GatewayFixture gateway)
{
    [Fact]
    public async Task A_message_with_send_at_a_few_seconds_ahead_is_sent_at_and_not_before_that_time()
    {
        var client = await gateway.NewClient("sendat", credit: 1m);
        var sendAt = DateTimeOffset.UtcNow.AddSeconds(4);
        var id = MessageIdentity.For(client, "at-1");

        await gateway.Bus.Publish(new SendSms(client, "at-1", "+447911123456", "Good morning", SendAt: sendAt));

        Assert.True(await Eventually.Until(() => gateway.Query(db => db.Messages.AnyAsync(m => m.CorrelationId == id && m.CurrentState == "Scheduled")),
            TimeSpan.FromSeconds(10)), "the message did not wait in Scheduled");
        Assert.True(await Eventually.Until(() => Task.FromResult(TerminalEventRecorder.Terminal.ContainsKey(id)), TimeSpan.FromSeconds(40)));

        var firstAttempt = await gateway.Query(db => db.ProviderAttempts.Where(a => a.MessageId == id).MinAsync(a => a.CreatedAt));
        Assert.True(firstAttempt >= sendAt, $"first provider attempt at {firstAttempt:O}, before the send-at time {sendAt:O}");
        var timeline = await gateway.Query(db => db.History.Where(h => h.MessageId == id).OrderBy(h => h.Id).Select(h => h.To).ToListAsync());
        Assert.Equal(["Scheduled", "Queued", "Sending"], timeline.Take(3));
    }
}
