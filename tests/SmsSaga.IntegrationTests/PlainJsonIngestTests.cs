using System.Text;
using Microsoft.EntityFrameworkCore;
using RabbitMQ.Client;
using SmsSaga.Components.StateMachines;

namespace SmsSaga.IntegrationTests;

/// <summary>A service without MassTransit publishes plain JSON to the SendSms exchange, as the README documents.</summary>
[Collection(GatewayCollection.Name)]
public sealed class PlainJsonIngestTests(GatewayFixture gateway)
{
    const string Exchange = "SmsSaga.Contracts:SendSms";

    [Fact]
    public async Task Plain_json_SendSms_becomes_a_message_that_ends()
    {
        var client = await gateway.NewClient("json", credit: 1m);
        var id = MessageIdentity.For(client, "json-1");

        await PublishJson($$"""{"clientId":"{{client}}","idempotencyKey":"json-1","to":"+447911123456","text":"Hi from Python","reference":"py-1"}""");

        Assert.True(await Eventually.Until(() => Task.FromResult(TerminalEventRecorder.Terminal.ContainsKey(id)), TimeSpan.FromSeconds(30)));
        var message = await gateway.Query(db => db.Messages.AsNoTracking().SingleAsync(m => m.CorrelationId == id));
        Assert.Equal("py-1", message.Reference);
        Assert.Contains(message.CurrentState, new[] { "Delivered", "Failed" });
    }

    [Fact]
    public async Task Invalid_plain_json_SendSms_goes_to_the_error_queue_with_the_reason_and_creates_nothing()
    {
        var client = await gateway.NewClient("json-bad", credit: 1m);
        var key = "bad-" + Guid.NewGuid().ToString("N");

        await PublishJson($$"""{"clientId":"{{client}}","idempotencyKey":"{{key}}","to":"12","text":"Hi"}""");

        string? reason = null;
        var found = await Eventually.Until(async () =>
        {
            reason = await FindInErrorQueue(key);
            return reason is not null;
        }, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(200));
        Assert.True(found, "the invalid request did not reach send-sms_error");
        Assert.Contains("to:", reason);
        Assert.Equal(0, await gateway.Query(db => db.Messages.CountAsync(m => m.ClientId == client)));
    }

    [Fact]
    public async Task A_body_that_is_not_json_goes_to_the_error_queue_and_does_not_block_the_endpoint()
    {
        var client = await gateway.NewClient("json-poison", credit: 1m);
        var marker = "poison-" + Guid.NewGuid().ToString("N");

        await PublishJson("{ this is not json " + marker);
        await PublishJson($$"""{"clientId":"{{client}}","idempotencyKey":"after-poison","to":"+447911123456","text":"Still flowing"}""");

        string? reason = null;
        Assert.True(await Eventually.Until(async () => (reason = await FindInErrorQueue(marker)) is not null, TimeSpan.FromSeconds(30),
            TimeSpan.FromMilliseconds(200)), "the poison message did not reach send-sms_error");
        Assert.False(string.IsNullOrEmpty(reason));
        var id = MessageIdentity.For(client, "after-poison");
        Assert.True(await Eventually.Until(() => Task.FromResult(TerminalEventRecorder.Terminal.ContainsKey(id)), TimeSpan.FromSeconds(30)),
            "a valid request after the poison message was not processed");
    }

    static async Task PublishJson(string json)
    {
        await using var connection = await Factory().CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var properties = new BasicProperties { ContentType = "application/json", DeliveryMode = DeliveryModes.Persistent, MessageId = Guid.NewGuid().ToString() };
        await channel.BasicPublishAsync(Exchange, "", mandatory: false, properties, Encoding.UTF8.GetBytes(json));
    }

    /// <summary>Reads the error queue for a body holding <paramref name="marker"/>; returns MassTransit's fault reason header.</summary>
    static async Task<string?> FindInErrorQueue(string marker)
    {
        await using var connection = await Factory().CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            await channel.QueueDeclarePassiveAsync("send-sms_error");
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
        {
            return null; // MassTransit creates the error queue with the first fault
        }

        await using var reader = await connection.CreateChannelAsync();
        while (await reader.BasicGetAsync("send-sms_error", autoAck: false) is { } result)
        {
            if (Encoding.UTF8.GetString(result.Body.Span).Contains(marker))
            {
                await reader.BasicAckAsync(result.DeliveryTag, multiple: false);
                return result.BasicProperties.Headers?["MT-Fault-Message"] is byte[] raw ? Encoding.UTF8.GetString(raw) : "";
            }
        }

        return null; // closing the channel returns unacknowledged messages to the queue
    }

    static ConnectionFactory Factory() => new()
    {
        HostName = "127.0.0.1",
        VirtualHost = TestEnvironment.RabbitVirtualHost,
        UserName = "smssaga",
        Password = "smssaga",
    };
}
