using System.Text;
using Microsoft.EntityFrameworkCore;
using RabbitMQ.Client;
using SmsSaga.Components.Messages;

namespace SmsSaga.Gateway.Tests;

/// <summary>
/// The upstream broker user that integrators are given (scripts/dev-up.sh creates it) on the real broker: it may publish
/// SendSms and CancelSms and nothing else, RabbitMQ holds it to its own name in <c>user_id</c>, and the gateway lets it send
/// only for the clients it is bound to (<c>BusSenders:Users</c>).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class BrokerPrivilegeTests(ApiFactory api)
{
    [Fact]
    public async Task The_upstream_user_sends_for_its_own_client_and_is_refused_for_another_and_for_internal_events()
    {
        using (var admin = api.Admin())
            await admin.PostAsync("/v1/admin/clients", JsonContent($$"""{"id":"{{ApiFactory.UpstreamClient}}","credit":1}"""));
        var (other, _, _) = await api.NewClient("not-upstreams");
        var factory = TestBroker.Upstream(api.VirtualHost).ConnectionFactory();
        await using var connection = await factory.CreateConnectionAsync();
        var key = Guid.NewGuid().ToString("N");

        // For its own client, named as itself: a message that ends.
        await Publish(connection, "SmsSaga.Contracts:SendSms", SendSms(ApiFactory.UpstreamClient, $"own-{key}"), TestBroker.UpstreamUser);
        var own = MessageIdentity.For(ApiFactory.UpstreamClient, $"own-{key}");
        Assert.True(await Eventually.Until(() => api.Query(db => db.Messages.AnyAsync(m => m.CorrelationId == own && m.CurrentState == "Delivered")),
            TimeSpan.FromSeconds(30)), "the upstream user's own message did not go out");

        // For another client: refused with a fault that says why, and no message.
        await Publish(connection, "SmsSaga.Contracts:SendSms", SendSms(other, $"other-{key}"), TestBroker.UpstreamUser);
        string? reason = null;
        Assert.True(await Eventually.Until(async () => (reason = await ErrorQueues.TakeAsync(api.VirtualHost, "send-sms_error", $"other-{key}")) is not null,
            TimeSpan.FromSeconds(30)), "the SendSms for another client was not refused");
        Assert.Contains($"may not send for client '{other}'", reason);
        Assert.False(await api.Query(db => db.Messages.AnyAsync(m => m.ClientId == other)));

        // Naming another user in user_id, or publishing an internal event: the broker itself refuses, and closes the channel.
        var impersonating = await Assert.ThrowsAnyAsync<Exception>(() =>
            Publish(connection, "SmsSaga.Contracts:SendSms", SendSms(other, $"as-gateway-{key}"), "smssaga"));
        Assert.Contains("PRECONDITION_FAILED", impersonating.ToString());
        var forged = await Assert.ThrowsAnyAsync<Exception>(() =>
            Publish(connection, "SmsSaga.Contracts.Internal:SmsRequested", SendSms(other, $"forged-{key}"), TestBroker.UpstreamUser));
        Assert.Contains("ACCESS_REFUSED", forged.ToString());
        Assert.False(await api.Query(db => db.Messages.AnyAsync(m => m.ClientId == other)));
    }

    [Fact]
    public async Task The_depth_of_each_error_queue_is_a_metric()
    {
        var marker = $"dead-{Guid.NewGuid():N}";
        await using (var connection = await TestBroker.For(api.VirtualHost).ConnectionFactory().CreateConnectionAsync())
            await Publish(connection, "SmsSaga.Contracts:SendSms", $$"""{"clientId":"nobody","idempotencyKey":"{{marker}}","to":"12","text":"x"}""", "smssaga");

        Assert.True(await Eventually.Until(async () => await Depth("send-sms_error") >= 1, TimeSpan.FromSeconds(30)), "the dead letter was not counted");
        Assert.NotNull(await ErrorQueues.TakeAsync(api.VirtualHost, "send-sms_error", marker));
        Assert.True(await Eventually.Until(async () => await Depth("send-sms_error") == 0, TimeSpan.FromSeconds(30)), "the count did not go back to 0");
        Assert.Equal(0, await Depth("sms-state_error")); // every endpoint's error queue is there, faulted or not
    }

    /// <summary>The gauge's value for <paramref name="queue"/> on /metrics; -1 when it is not there.</summary>
    async Task<double> Depth(string queue)
    {
        var metrics = await api.CreateClient().GetStringAsync("/metrics");
        var line = metrics.Split('\n').FirstOrDefault(l => l.StartsWith("smssaga_bus_error_queue_depth", StringComparison.Ordinal)
                                                           && l.Contains($"queue=\"{queue}\"") && l.Contains($"vhost=\"{api.VirtualHost}\""));
        return line is null ? -1 : double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    static StringContent JsonContent(string json) => new(json, Encoding.UTF8, "application/json");

    static string SendSms(string client, string key) =>
        $$"""{"clientId":"{{client}}","idempotencyKey":"{{key}}","to":"+447911123474","text":"From upstream"}""";

    /// <summary>Publishes on a channel of its own with confirms, so a refusal by the broker surfaces here.</summary>
    static async Task Publish(IConnection connection, string exchange, string json, string userId)
    {
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(true, true));
        var properties = new BasicProperties { ContentType = "application/json", DeliveryMode = DeliveryModes.Persistent, UserId = userId };
        await channel.BasicPublishAsync(exchange, "", mandatory: false, properties, Encoding.UTF8.GetBytes(json));
    }
}
