using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using RabbitMQ.Client;
using SmsSaga.Components.Messages;
using SmsSaga.Components.Text;

namespace SmsSaga.Gateway.Tests;

/// <summary>
/// Every way a send time enters — send-at with an offset (HTTP and bus), a marketing message whose recipient's window is
/// shut, an explicit zone, a number with several zones, a retry that falls after the window — on real PostgreSQL and
/// RabbitMQ, with zones both sides of UTC. "Now" comes from the gateway's <see cref="ShiftedClock"/>, never the wall clock.
/// Each message must wait in Scheduled with its send time in UTC, then go out at that time.
/// </summary>
[Collection(TimeZoneCollection.Name)]
public sealed class SendTimeZoneTests(TimeZoneFactory gateway)
{
    static readonly TimeOnly JustBeforeEight = new(7, 59, 56);

    [Theory]
    [InlineData("-10:00")]
    [InlineData("+05:45")]
    [InlineData("+09:00")]
    [InlineData("+13:45")]
    public async Task A_send_at_time_with_an_offset_over_http_waits_in_scheduled_and_goes_at_that_instant(string offset)
    {
        var (_, http, _) = await gateway.NewClient("tz-http");
        var sendAt = Truncated(gateway.Clock.GetUtcNow().AddSeconds(4));

        var response = await http.PostAsJsonAsync("/v1/messages", new { to = "+447911123456", text = "Later", sendAt = WithOffset(sendAt, offset) });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Scheduled", accepted.GetProperty("status").GetString());
        await WaitsThenGoes(http, accepted.GetProperty("id").GetGuid(), sendAt, "send_at");
    }

    [Theory]
    [InlineData("-10:00")]
    [InlineData("+13:45")]
    public async Task A_send_at_time_with_an_offset_in_plain_json_on_the_bus_waits_and_goes_at_that_instant(string offset)
    {
        var client = await NewClient("tz-bus");
        var sendAt = Truncated(gateway.Clock.GetUtcNow().AddSeconds(4));

        await PublishSendSms($$"""
            {"clientId":"{{client}}","idempotencyKey":"later","to":"+447911123456","text":"Later","sendAt":"{{WithOffset(sendAt, offset)}}"}
            """);

        using var admin = gateway.Admin();
        await WaitsThenGoes(admin, MessageIdentity.For(client, "later"), sendAt, "send_at", admin: true);
    }

    [Fact]
    public async Task A_marketing_message_to_a_number_where_it_is_night_waits_for_eight_in_the_numbers_zone()
    {
        var (_, http, _) = await gateway.NewClient("tz-number");
        var opening = gateway.Clock.SetLocal("Asia/Tokyo", JustBeforeEight).AddSeconds(4); // 08:00 JST (+09:00) = 23:00 UTC

        var id = await Send(http, new { to = "+819012345678", text = "Sale tonight", category = "marketing" });

        await WaitsThenGoes(http, id, opening, "send_window");
    }

    [Theory]
    [InlineData("Pacific/Honolulu")] // −10:00
    [InlineData("Asia/Kathmandu")]   // +05:45
    public async Task A_marketing_message_with_an_explicit_time_zone_waits_for_eight_there(string zone)
    {
        var (_, http, _) = await gateway.NewClient("tz-zone");
        var opening = gateway.Clock.SetLocal(zone, JustBeforeEight).AddSeconds(4);

        var id = await Send(http, new { to = "+447911123456", text = "Sale", category = "marketing", timeZone = zone });

        await WaitsThenGoes(http, id, opening, "send_window");
    }

    [Fact]
    public async Task A_marketing_message_with_an_explicit_time_zone_on_the_bus_waits_for_eight_there()
    {
        var client = await NewClient("tz-bus-zone");
        var opening = gateway.Clock.SetLocal("Pacific/Chatham", JustBeforeEight).AddSeconds(4); // +13:45 in December

        await PublishSendSms($$"""
            {"clientId":"{{client}}","idempotencyKey":"promo","to":"+447911123456","text":"Sale","category":"marketing","timeZone":"Pacific/Chatham"}
            """);

        using var admin = gateway.Admin();
        await WaitsThenGoes(admin, MessageIdentity.For(client, "promo"), opening, "send_window", admin: true);
    }

    [Fact]
    public async Task A_marketing_message_to_a_number_with_several_zones_waits_until_the_window_is_open_in_all()
    {
        // An Australian mobile may be anywhere from the Cocos Islands (+06:30) to Lord Howe Island (+11:00 in December): the
        // window is open in all of them from 08:00 on the Cocos Islands, 12:30 on Lord Howe.
        const string number = "+61412345678";
        Assert.Contains("Indian/Cocos", RecipientTimeZones.For(number));
        Assert.Contains("Australia/Lord_Howe", RecipientTimeZones.For(number));
        var (_, http, _) = await gateway.NewClient("tz-several");
        var opening = gateway.Clock.SetLocal("Indian/Cocos", JustBeforeEight).AddSeconds(4); // 01:30 UTC

        var id = await Send(http, new { to = number, text = "Sale", category = "marketing" });

        await WaitsThenGoes(http, id, opening, "send_window");
    }

    [Fact]
    public async Task A_retry_whose_backoff_falls_after_the_window_waits_in_scheduled_for_the_next_opening()
    {
        var (_, http, _) = await gateway.NewClient("tz-retry");
        // The window shuts at 21:00; the retry's backoff is at most 25 s. The clock stands still until the first attempt has
        // been refused, so the retry cannot fall due before the test moves the clock past 21:00.
        var evening = gateway.Clock.SetLocal("Asia/Tokyo", new TimeOnly(20, 59, 35));
        gateway.Clock.Stop();

        var id = await Send(http, new { to = TimeZoneFactory.Throttled, text = "Sale", category = "marketing", timeZone = "Asia/Tokyo" });
        Assert.True(await Eventually.Until(async () => (await Read(http, id)) is var m
            && m.GetProperty("status").GetString() == "Queued" && m.GetProperty("attempts").GetInt32() == 1, TimeSpan.FromSeconds(20)),
            "the first attempt was not refused");
        gateway.Clock.Set(evening.AddSeconds(26)); // 21:00:01, past the retry's time by less than Quartz's misfire threshold

        var nextOpening = evening.AddHours(11).AddSeconds(25); // 08:00 JST the next morning
        var scheduled = await Scheduled(http, id, nextOpening, "send_window");
        Assert.Equal(1, scheduled.GetProperty("attempts").GetInt32());

        gateway.Clock.Set(nextOpening.AddSeconds(-4));
        var failed = await Ended(http, id, "Failed"); // the simulator always refuses this number; Sms:MaxAttempts is 2
        Assert.Equal("released", failed.GetProperty("credit").GetString());
        var second = failed.GetProperty("providerAttempts")[1].GetProperty("createdAt").GetDateTimeOffset();
        Assert.True(second >= nextOpening, $"the retry went at {second:O}, before the window opened at {nextOpening:O}");
    }

    /// <summary>Waits in Scheduled with <paramref name="sendAt"/> (UTC, shown with Z) and the reason, then is delivered no earlier.</summary>
    async Task WaitsThenGoes(HttpClient http, Guid id, DateTimeOffset sendAt, string reason, bool admin = false)
    {
        await Scheduled(http, id, sendAt, reason, admin);
        var delivered = await Ended(http, id, "Delivered", admin);
        Assert.Equal("captured", delivered.GetProperty("credit").GetString());
        var first = delivered.GetProperty("providerAttempts")[0].GetProperty("createdAt").GetDateTimeOffset();
        Assert.True(first >= sendAt, $"sent at {first:O}, before its time {sendAt:O}");
        Assert.Equal(["Scheduled", "Queued", "Sending"], delivered.GetProperty("timeline").EnumerateArray().Take(3).Select(t => t.GetProperty("to").GetString()));
    }

    async Task<JsonElement> Scheduled(HttpClient http, Guid id, DateTimeOffset sendAt, string reason, bool admin = false)
    {
        JsonElement message = default;
        Assert.True(await Eventually.Until(async () =>
        {
            message = await Read(http, id, admin);
            return message.GetProperty("status").GetString() == "Scheduled" && message.GetProperty("timeline").GetArrayLength() > 0;
        }, TimeSpan.FromSeconds(20)), $"message {id} did not wait in Scheduled: {message}");
        Assert.Equal(sendAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture), message.GetProperty("sendAt").GetString());
        Assert.Equal(reason, message.GetProperty("reason").GetString());
        return message;
    }

    async Task<JsonElement> Ended(HttpClient http, Guid id, string status, bool admin = false)
    {
        JsonElement message = default;
        Assert.True(await Eventually.Until(async () => (message = await Read(http, id, admin)).GetProperty("status").GetString() == status
            && message.GetProperty("credit").GetString() != "held", TimeSpan.FromSeconds(30)), $"message {id} did not end {status}: {message}");
        return message;
    }

    /// <summary>The message as the API shows it; a message published on the bus may not be there yet (status "").</summary>
    static async Task<JsonElement> Read(HttpClient http, Guid id, bool admin = false)
    {
        using var response = await http.GetAsync(admin ? $"/v1/admin/messages/{id}" : $"/v1/messages/{id}");
        if (response.StatusCode == HttpStatusCode.NotFound)
            return JsonSerializer.SerializeToElement(new { status = "", credit = "", attempts = 0, timeline = Array.Empty<object>() });
        return await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
    }

    static async Task<Guid> Send(HttpClient http, object body)
    {
        var response = await http.PostAsJsonAsync("/v1/messages", body);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    async Task<string> NewClient(string prefix) => (await gateway.NewClient(prefix)).ClientId;

    /// <summary>Plain JSON, as a service that is not MassTransit publishes it.</summary>
    async Task PublishSendSms(string json)
    {
        await using var connection = await SmsSaga.Tests.TestBroker.For(gateway.VirtualHost).ConnectionFactory().CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var properties = new BasicProperties { ContentType = "application/json", DeliveryMode = DeliveryModes.Persistent, MessageId = Guid.NewGuid().ToString() };
        await channel.BasicPublishAsync("SmsSaga.Contracts:SendSms", "", mandatory: true, properties, Encoding.UTF8.GetBytes(json));
    }

    static DateTimeOffset Truncated(DateTimeOffset instant) => new(instant.UtcTicks - instant.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);

    static string WithOffset(DateTimeOffset instant, string offset) =>
        instant.ToOffset(TimeSpan.Parse(offset.TrimStart('+'), CultureInfo.InvariantCulture)).ToString("yyyy-MM-ddTHH:mm:ss.fffzzz", CultureInfo.InvariantCulture);
}
