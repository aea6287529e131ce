using System.Text;
using Microsoft.EntityFrameworkCore;
using RabbitMQ.Client;
using SmsSaga.Components.Clients;
using SmsSaga.Components.Credits;
using SmsSaga.Components.Dispatch;
using SmsSaga.Components.Messages;
using SmsSaga.Components.Platform.Bus;

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

    [Fact]
    public async Task Plain_json_CancelSms_cancels_a_scheduled_message_and_releases_its_credit()
    {
        var client = await gateway.NewClient("json-cancel", credit: 1m);
        var id = MessageIdentity.For(client, "later");
        await PublishJson($$"""{"clientId":"{{client}}","idempotencyKey":"later","to":"+447911123456","text":"Later","sendAt":"{{DateTimeOffset.UtcNow.AddHours(1):O}}"}""");
        Assert.True(await Eventually.Until(() => gateway.Query(db => db.Messages.AnyAsync(m => m.CorrelationId == id && m.CurrentState == "Scheduled")),
            TimeSpan.FromSeconds(20)));

        await PublishJson($$"""{"messageId":"{{id}}","clientId":"someone-else"}""", "SmsSaga.Contracts:CancelSms"); // left alone
        await PublishJson($$"""{"messageId":"{{id}}","clientId":"{{client}}"}""", "SmsSaga.Contracts:CancelSms");

        Assert.True(await Eventually.Until(() => gateway.Query(db => db.Messages.AnyAsync(m => m.CorrelationId == id && m.CurrentState == "Canceled")),
            TimeSpan.FromSeconds(20)), "the plain-JSON CancelSms did not cancel the message");
        await LedgerAssertions.AssertBalanced(gateway.Database, client);
        Assert.Equal(1m, (await gateway.Query(db => db.Clients.AsNoTracking().SingleAsync(c => c.Id == client))).Available);
    }

    [Fact]
    public async Task A_CancelSms_published_right_after_its_SendSms_cancels_it_whichever_is_consumed_first()
    {
        const int pairs = 50;
        var client = await gateway.NewClient("json-race", credit: 10m);
        var sendAt = DateTimeOffset.UtcNow.AddHours(1).ToString("O");
        var ids = Enumerable.Range(0, pairs).Select(i => MessageIdentity.For(client, $"race-{i}")).ToList();

        // Two queues, two consumers: the cancel may well be consumed before the message it names exists.
        for (var i = 0; i < pairs; i++)
        {
            await PublishJson($$"""{"clientId":"{{client}}","idempotencyKey":"race-{{i}}","to":"+447911123456","text":"Later","sendAt":"{{sendAt}}"}""");
            await PublishJson($$"""{"messageId":"{{ids[i]}}","clientId":"{{client}}"}""", "SmsSaga.Contracts:CancelSms");
        }

        Assert.True(await Eventually.Until(async () => await gateway.Query(db =>
            db.CreditHolds.CountAsync(h => h.ClientId == client && h.Status == "released")) == pairs, TimeSpan.FromSeconds(60)),
            "not every message was canceled and released");
        Assert.Equal(pairs, await gateway.Query(db => db.Messages.CountAsync(m => m.ClientId == client && m.CurrentState == "Canceled")));
        Assert.Equal(0, await gateway.Query(db => db.ProviderAttempts.CountAsync(a => ids.Contains(a.MessageId))));
        await LedgerAssertions.AssertBalanced(gateway.Database, client);
    }

    [Fact]
    public async Task Plain_json_ReplaySms_tries_a_failed_message_again_with_a_fresh_hold()
    {
        var client = await gateway.NewClient("json-replay", credit: 1m);
        var id = MessageIdentity.For(client, "unreachable");
        await PublishJson($$"""{"clientId":"{{client}}","idempotencyKey":"unreachable","to":"{{RetryTests.Unreachable}}","text":"Are you there?"}""");
        Assert.True(await Eventually.Until(() => gateway.Query(db => db.Messages.AnyAsync(m => m.CorrelationId == id && m.CurrentState == "Failed")),
            TimeSpan.FromSeconds(60)));

        await PublishJson($$"""{"messageId":"{{id}}"}""", "SmsSaga.Contracts:ReplaySms");

        Assert.True(await Eventually.Until(() => gateway.Query(db => db.Messages.AnyAsync(m => m.CorrelationId == id && m.Replays == 1 && m.CurrentState == "Failed")),
            TimeSpan.FromSeconds(60)), "the plain-JSON ReplaySms did not replay the message");
        Assert.Equal(2, await gateway.Query(db => db.CreditHolds.CountAsync(h => h.MessageId == id)));
        await LedgerAssertions.AssertBalanced(gateway.Database, client);
    }

    [Theory]
    [InlineData("SmsSaga.Contracts:CancelSms", "cancel-sms_error", """{"clientId":"MARKER"}""", "messageId")]
    [InlineData("SmsSaga.Contracts:CancelSms", "cancel-sms_error", """{"messageId":"7b0c4c84-6f5e-4d0a-9a55-1f1f8a2b3c4d","note":"MARKER"}""", "clientId")]
    [InlineData("SmsSaga.Contracts:ReplaySms", "replay-sms_error", """{"note":"MARKER"}""", "messageId")]
    public async Task An_invalid_plain_json_command_goes_to_its_error_queue_with_the_reason(string exchange, string errorQueue, string json, string field)
    {
        var marker = "bad-" + Guid.NewGuid().ToString("N");

        await PublishJson(json.Replace("MARKER", marker, StringComparison.Ordinal), exchange);

        string? reason = null;
        Assert.True(await Eventually.Until(async () => (reason = await FindInErrorQueue(marker, errorQueue)) is not null, TimeSpan.FromSeconds(30),
            TimeSpan.FromMilliseconds(200)), $"the invalid command did not reach {errorQueue}");
        Assert.Contains(field + ":", reason);
    }

    [Fact]
    public async Task A_worker_removes_the_bindings_that_sent_cancel_and_replay_commands_to_the_saga_queue()
    {
        var broker = SmsSaga.Tests.TestBroker.For(TestEnvironment.RabbitVirtualHost);
        await using (var connection = await Factory().CreateConnectionAsync())
        await using (var channel = await connection.CreateChannelAsync())
        {
            // What a broker of a gateway before 2026-12-01 has: the commands' exchanges bound to the saga's.
            await channel.ExchangeBindAsync("sms-state", "SmsSaga.Contracts:CancelSms", "");
            await channel.ExchangeBindAsync("sms-state", "SmsSaga.Contracts:ReplaySms", "");
        }
        Assert.Contains("sms-state", await BoundFrom("SmsSaga.Contracts:CancelSms"));

        await StaleBindings.RemoveAsync(broker, CancellationToken.None);

        Assert.Equal(["cancel-sms"], await BoundFrom("SmsSaga.Contracts:CancelSms"));
        Assert.Equal(["replay-sms"], await BoundFrom("SmsSaga.Contracts:ReplaySms"));
    }

    /// <summary>Where an exchange's bindings go, from RabbitMQ's management API.</summary>
    static async Task<List<string>> BoundFrom(string exchange)
    {
        using var http = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:15672/") };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", Convert.ToBase64String("smssaga:smssaga"u8.ToArray()));
        var bindings = await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<List<System.Text.Json.JsonElement>>(http,
            $"api/exchanges/{Uri.EscapeDataString(TestEnvironment.RabbitVirtualHost)}/{Uri.EscapeDataString(exchange)}/bindings/source");
        return bindings!.Select(b => b.GetProperty("destination").GetString()!).Order().ToList();
    }

    static async Task PublishJson(string json, string exchange = Exchange)
    {
        await using var connection = await Factory().CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var properties = new BasicProperties { ContentType = "application/json", DeliveryMode = DeliveryModes.Persistent, MessageId = Guid.NewGuid().ToString() };
        await channel.BasicPublishAsync(exchange, "", mandatory: false, properties, Encoding.UTF8.GetBytes(json));
    }

    static Task<string?> FindInErrorQueue(string marker, string queue = "send-sms_error") =>
        SmsSaga.Tests.ErrorQueues.TakeAsync(TestEnvironment.RabbitVirtualHost, queue, marker);

    static ConnectionFactory Factory() => SmsSaga.Tests.TestBroker.For(TestEnvironment.RabbitVirtualHost).ConnectionFactory();
}
