using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using RabbitMQ.Client;
using SmsSaga.Components.Messages;
using SmsSaga.Components.Platform.Bus;

namespace SmsSaga.IntegrationTests;

/// <summary>The repair for messages that faulted into an error queue: <c>smssaga deadletters requeue</c> on real RabbitMQ.</summary>
[Collection(GatewayCollection.Name)]
public sealed class ErrorQueueRequeueTests(GatewayFixture gateway)
{
    [Fact]
    public async Task A_request_that_faulted_on_a_non_utc_send_at_is_requeued_from_sms_state_error_and_its_hold_settles()
    {
        var client = await gateway.NewClient("requeue", credit: 1m);
        var id = MessageIdentity.For(client, "stuck-1");
        var sendAt = DateTimeOffset.UtcNow.AddSeconds(3);
        // What a gateway before the fix left behind: the saga's SmsRequested, its send-at time still at +09:00, dead-lettered
        // with the exception Npgsql threw.
        await DeadLetter("sms-state_error", $$"""
            {"messageId":"{{Guid.NewGuid()}}","messageType":["urn:message:SmsSaga.Contracts.Internal:SmsRequested"],
             "message":{"messageId":"{{id}}","clientId":"{{client}}","idempotencyKey":"stuck-1","to":"+447911123456","text":"Later",
                        "segments":1,"encoding":"GSM-7","category":"transactional","timeZones":["Europe/London"],
                        "sendAt":"{{sendAt.ToOffset(TimeSpan.FromHours(9)).ToString("yyyy-MM-ddTHH:mm:ss.fffzzz", CultureInfo.InvariantCulture)}}"},
             "headers":{ },
             "sentTime":"{{DateTime.UtcNow:O}}"
            }
            """);

        var moved = await ErrorQueueRequeue.RunAsync(Broker, "sms-state_error", 1000, CancellationToken.None);

        Assert.True(moved >= 1, "nothing was moved");
        Assert.True(await Eventually.Until(() => Task.FromResult(TerminalEventRecorder.Terminal.ContainsKey(id)), TimeSpan.FromSeconds(40)),
            "the requeued request did not end");
        var message = await gateway.Query(db => db.Messages.AsNoTracking().SingleAsync(m => m.CorrelationId == id));
        var timeline = await gateway.Query(db => db.History.Where(h => h.MessageId == id).OrderBy(h => h.Id).Select(h => h.To).ToListAsync());
        Assert.Equal("Scheduled", timeline[0]);
        Assert.Equal(TimeSpan.Zero, message.SendAt!.Value.Offset);
        Assert.Equal(sendAt.UtcTicks / TimeSpan.TicksPerMillisecond, message.SendAt.Value.UtcTicks / TimeSpan.TicksPerMillisecond);
        await LedgerAssertions.AssertBalanced(gateway.Database, client); // the hold settled: captured or released
    }

    [Fact]
    public async Task Requeue_refuses_a_queue_that_is_not_an_error_queue_and_moves_nothing_from_one_that_does_not_exist()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => ErrorQueueRequeue.RunAsync(Broker, "sms-state", 10, CancellationToken.None));
        Assert.Equal(0, await ErrorQueueRequeue.RunAsync(Broker, $"never-{Guid.NewGuid():N}_error", 10, CancellationToken.None));
    }

    static RabbitMqOptions Broker => SmsSaga.Tests.TestBroker.For(TestEnvironment.RabbitVirtualHost);

    static async Task DeadLetter(string queue, string envelope)
    {
        JsonDocument.Parse(envelope).Dispose(); // the test's own JSON must be well formed
        await using var connection = await Broker.ConnectionFactory().CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false);
        var properties = new BasicProperties
        {
            ContentType = "application/vnd.masstransit+json", DeliveryMode = DeliveryModes.Persistent, MessageId = Guid.NewGuid().ToString(),
            Headers = new Dictionary<string, object?>
            {
                ["MT-Fault-ExceptionType"] = "System.ArgumentException",
                ["MT-Fault-Message"] = "Cannot write DateTimeOffset with Offset=09:00:00 to PostgreSQL type 'timestamp with time zone'",
                ["MT-Reason"] = "fault",
            },
        };
        await channel.BasicPublishAsync("", queue, mandatory: true, properties, Encoding.UTF8.GetBytes(envelope));
    }
}
