using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SmsSaga.Components.Credits;
using SmsSaga.Components.Messages;

namespace SmsSaga.Gateway.Tests;

[Collection(ApiCollection.Name)]
public sealed class MessagesApiTests(ApiFactory api)
{
    [Fact]
    public async Task A_message_is_accepted_with_its_price_and_can_be_followed_to_delivered()
    {
        var (_, http, _) = await api.NewClient("send");

        var response = await http.PostAsJsonAsync("/v1/messages", new { to = "+44 7911 123456", text = "Hello €", reference = "order-1" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = accepted.GetProperty("id").GetGuid();
        Assert.Equal($"/v1/messages/{id}", response.Headers.Location?.ToString());
        Assert.Equal("+447911123456", accepted.GetProperty("to").GetString());
        Assert.Equal("GSM-7", accepted.GetProperty("encoding").GetString());
        Assert.Equal(1, accepted.GetProperty("segments").GetInt32());
        Assert.Equal(0.04m, accepted.GetProperty("cost").GetDecimal()); // the UK price per segment in appsettings.json
        Assert.Equal("held", accepted.GetProperty("credit").GetString());

        JsonElement message = default;
        Assert.True(await Eventually.Until(async () =>
        {
            message = await http.GetFromJsonAsync<JsonElement>($"/v1/messages/{id}");
            return message.GetProperty("status").GetString() == "Delivered" && message.GetProperty("credit").GetString() == "captured";
        }, TimeSpan.FromSeconds(30)));
        Assert.Equal("order-1", message.GetProperty("reference").GetString());
        Assert.Equal(1, message.GetProperty("attempts").GetInt32());
        Assert.False(string.IsNullOrEmpty(message.GetProperty("providerMessageId").GetString()));
        Assert.Equal("DELIVRD", message.GetProperty("providerCode").GetString()); // the delivery report's code
        Assert.Equal(["Queued", "Sending", "Sent", "Delivered"],
            message.GetProperty("timeline").EnumerateArray().Select(t => t.GetProperty("to").GetString()));

        var balance = await http.GetFromJsonAsync<JsonElement>("/v1/balance");
        Assert.Equal(100m - 0.04m, balance.GetProperty("available").GetDecimal());
        Assert.Equal(0.04m, balance.GetProperty("captured").GetDecimal());
        Assert.Equal(0m, balance.GetProperty("held").GetDecimal());
    }

    [Fact]
    public async Task Numbers_read_as_typed_in_every_answer_never_escaped()
    {
        var (_, http, _) = await api.NewClient("plus");
        async Task<string> Send()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages")
            {
                Content = JsonContent.Create(new { to = "+447911123458", text = "Hi", reference = "R&D <ops> 'q'" }),
            };
            request.Headers.Add("Idempotency-Key", "plus-1");
            return await (await http.SendAsync(request)).Content.ReadAsStringAsync();
        }

        var accepted = await Send();
        var replayed = await Send(); // the stored answer of the idempotency record
        var id = JsonDocument.Parse(accepted).RootElement.GetProperty("id").GetGuid();
        var read = await http.GetStringAsync($"/v1/messages/{id}"); // whole from the 202 on
        Assert.Contains("\"segments\":1", read);
        var listed = await http.GetStringAsync("/v1/messages");

        foreach (var body in new[] { accepted, replayed, read, listed })
        {
            Assert.True(body.Contains("\"to\":\"+447911123458\""), body);
            Assert.DoesNotContain("\\u002B", body);
        }

        Assert.Contains("\"reference\":\"R&D <ops> 'q'\"", read);
    }

    [Fact]
    public async Task A_client_never_sees_or_cancels_another_clients_message()
    {
        var (_, alice, _) = await api.NewClient("alice");
        var (_, mallory, _) = await api.NewClient("mallory");
        var sent = await (await alice.PostAsJsonAsync("/v1/messages",
            new { to = "+447911123457", text = "Private", sendAt = DateTimeOffset.UtcNow.AddHours(1) })).Content.ReadFromJsonAsync<JsonElement>();
        var id = sent.GetProperty("id").GetGuid();

        Assert.Equal(HttpStatusCode.NotFound, (await mallory.GetAsync($"/v1/messages/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await mallory.DeleteAsync($"/v1/messages/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await mallory.GetAsync($"/v1/messages/{Guid.NewGuid()}")).StatusCode);
        var page = await mallory.GetFromJsonAsync<JsonElement>("/v1/messages");
        Assert.Empty(page.GetProperty("items").EnumerateArray());
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync($"/v1/messages/{id}")).StatusCode);
        var balance = await mallory.GetFromJsonAsync<JsonElement>("/v1/balance");
        Assert.Equal(100m, balance.GetProperty("available").GetDecimal());
    }

    [Fact]
    public async Task A_scheduled_message_can_be_canceled_and_its_credit_comes_back()
    {
        var (_, http, _) = await api.NewClient("cancel");
        var sent = await (await http.PostAsJsonAsync("/v1/messages",
            new { to = "+447911123458", text = "Later", sendAt = DateTimeOffset.UtcNow.AddHours(2) })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Scheduled", sent.GetProperty("status").GetString());
        var id = sent.GetProperty("id").GetGuid();
        Assert.True(await Eventually.Until(async () =>
            (await http.GetFromJsonAsync<JsonElement>($"/v1/messages/{id}")).GetProperty("status").GetString() == "Scheduled", TimeSpan.FromSeconds(20)));

        Assert.Equal(HttpStatusCode.Accepted, (await http.DeleteAsync($"/v1/messages/{id}")).StatusCode);

        Assert.True(await Eventually.Until(async () =>
        {
            var m = await http.GetFromJsonAsync<JsonElement>($"/v1/messages/{id}");
            return m.GetProperty("status").GetString() == "Canceled" && m.GetProperty("credit").GetString() == "released";
        }, TimeSpan.FromSeconds(20)));
        var balance = await http.GetFromJsonAsync<JsonElement>("/v1/balance");
        Assert.Equal(100m, balance.GetProperty("available").GetDecimal());
        var again = await http.DeleteAsync($"/v1/messages/{id}");
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode); // already canceled: nothing more to do
    }

    [Fact]
    public async Task A_message_already_on_its_way_cannot_be_canceled()
    {
        var (_, http, _) = await api.NewClient("nocancel");
        var id = (await (await http.PostAsJsonAsync("/v1/messages", new { to = "+447911123459", text = "Now" }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.True(await Eventually.Until(async () =>
            (await http.GetAsync($"/v1/messages/{id}")).StatusCode == HttpStatusCode.OK
            && (await http.GetFromJsonAsync<JsonElement>($"/v1/messages/{id}")).GetProperty("timeline").GetArrayLength() > 0, TimeSpan.FromSeconds(20)));

        var response = await http.DeleteAsync($"/v1/messages/{id}");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Not_enough_credit_is_402_holds_nothing_and_the_same_key_works_after_a_top_up()
    {
        var (client, http, _) = await api.NewClient("poor", credit: 0.01m);
        var request = new { to = "+447911123460", text = "Too dear" };
        var message = new HttpRequestMessage(HttpMethod.Post, "/v1/messages") { Content = JsonContent.Create(request) };
        message.Headers.Add("Idempotency-Key", "poor-1");

        var refused = await http.SendAsync(message);

        Assert.Equal(HttpStatusCode.PaymentRequired, refused.StatusCode);
        Assert.Equal("insufficient_credit", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(0, await api.Query(db => db.CreditHolds.CountAsync(h => h.ClientId == client)));

        using var admin = api.Admin();
        (await admin.PostAsJsonAsync($"/v1/admin/clients/{client}/topups", new { amount = 1m })).EnsureSuccessStatusCode();
        var retry = new HttpRequestMessage(HttpMethod.Post, "/v1/messages") { Content = JsonContent.Create(request) };
        retry.Headers.Add("Idempotency-Key", "poor-1");
        Assert.Equal(HttpStatusCode.Accepted, (await http.SendAsync(retry)).StatusCode);
    }

    [Fact]
    public async Task A_batch_answers_each_item_on_its_own()
    {
        var (client, http, _) = await api.NewClient("batch");
        var response = await http.PostAsJsonAsync("/v1/messages/batch", new
        {
            messages = new object[]
            {
                new { to = "+447911123461", text = "One" },
                new { to = "12", text = "Bad number" },
                new { to = "+14155550100", text = "Two", idempotencyKey = "batch-two" },
            },
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, body.GetProperty("accepted").GetInt32());
        var statuses = body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("status").GetInt32()).ToList();
        Assert.Equal([202, 400, 202], statuses);
        Assert.Equal(2, await api.Query(db => db.CreditHolds.CountAsync(h => h.ClientId == client)));

        var tooMany = await http.PostAsJsonAsync("/v1/messages/batch",
            new { messages = Enumerable.Range(0, 1001).Select(i => new { to = "+447911123461", text = "x" }) });
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
    }

    [Fact]
    public async Task A_batch_cut_short_and_sent_again_repeats_none_of_the_items_it_had_accepted()
    {
        var (client, http, _) = await api.NewClient("batch-again");
        var first = new { to = "+447911123463", text = "First" };
        // What a batch with key "job-7" had committed of its first item before it was cut short.
        var alone = new HttpRequestMessage(HttpMethod.Post, "/v1/messages") { Content = JsonContent.Create(first) };
        alone.Headers.Add("Idempotency-Key", "job-7#0");
        Assert.Equal(HttpStatusCode.Accepted, (await http.SendAsync(alone)).StatusCode);

        var again = new HttpRequestMessage(HttpMethod.Post, "/v1/messages/batch")
        {
            Content = JsonContent.Create(new { messages = new object[] { first, new { to = "+447911123464", text = "Second" } } }),
        };
        again.Headers.Add("Idempotency-Key", "job-7");
        var body = await (await http.SendAsync(again)).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();

        var items = body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("message")).ToList();
        Assert.Equal("existing", items[0].GetProperty("credit").GetString());
        Assert.Equal(MessageIdentity.For(client, "job-7#0"), items[0].GetProperty("id").GetGuid());
        Assert.Equal("held", items[1].GetProperty("credit").GetString());
        Assert.Equal(2, await api.Query(db => db.CreditHolds.CountAsync(h => h.ClientId == client)));
    }

    [Fact]
    public async Task Listing_pages_by_cursor_and_filters()
    {
        var (_, http, _) = await api.NewClient("list");
        for (var i = 0; i < 5; i++)
            (await http.PostAsJsonAsync("/v1/messages", new { to = "+447911123462", text = $"n{i}", reference = i % 2 == 0 ? "even" : "odd" }))
                .EnsureSuccessStatusCode();
        Assert.True(await Eventually.Until(async () =>
            (await http.GetFromJsonAsync<JsonElement>("/v1/messages?limit=200")).GetProperty("items").GetArrayLength() == 5, TimeSpan.FromSeconds(20)));

        var seen = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await http.GetFromJsonAsync<JsonElement>($"/v1/messages?limit=2{(cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}")}");
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
            cursor = page.GetProperty("next").GetString();
        }
        while (cursor is not null);

        Assert.Equal(5, seen.Count);
        Assert.Equal(5, seen.Distinct().Count());
        var even = await http.GetFromJsonAsync<JsonElement>("/v1/messages?reference=even&to=%2B447911123462");
        Assert.Equal(3, even.GetProperty("items").GetArrayLength());
        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync("/v1/messages?cursor=nonsense")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync("/v1/messages?status=Lost")).StatusCode);
    }

    [Fact]
    public async Task A_client_over_its_rate_gets_429_with_retry_after()
    {
        var (client, http, _) = await api.NewClient("rate");
        using var admin = api.Admin();
        (await admin.PatchAsJsonAsync($"/v1/admin/clients/{client}", new { ratePerSecond = 0.2, burst = 2 })).EnsureSuccessStatusCode();

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage last = null!;
        for (var i = 0; i < 3; i++)
        {
            last = await http.GetAsync("/v1/balance");
            statuses.Add(last.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.True(int.Parse(last.Headers.GetValues("Retry-After").Single()) >= 1);
        Assert.Equal("rate_limited", (await last.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_batch_over_the_rate_takes_the_tokens_there_are_and_answers_the_rest_429_each()
    {
        var (client, http, _) = await api.NewClient("rate-batch");
        using var admin = api.Admin();
        (await admin.PatchAsJsonAsync($"/v1/admin/clients/{client}", new { ratePerSecond = 0.01, burst = 10 })).EnsureSuccessStatusCode();
        var items = Enumerable.Range(0, 25).Select(i => new { to = "+447911123456", text = $"Item {i}" }).ToArray();
        HttpRequestMessage Batch() => new(HttpMethod.Post, "/v1/messages/batch")
        {
            Content = JsonContent.Create(new { messages = items }), Headers = { { "Idempotency-Key", "rate-batch-1" } },
        };

        var first = await http.SendAsync(Batch());

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.True(int.Parse(first.Headers.GetValues("Retry-After").Single()) >= 1);
        var answer = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((10, 15), (answer.GetProperty("accepted").GetInt32(), answer.GetProperty("refused").GetInt32()));
        var statuses = answer.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("status").GetInt32()).ToList();
        Assert.Equal([.. Enumerable.Repeat(202, 10), .. Enumerable.Repeat(429, 15)], statuses);
        Assert.Equal("rate_limited", answer.GetProperty("items")[24].GetProperty("problem").GetProperty("code").GetString());
        Assert.Equal(10, await api.Query(db => db.CreditHolds.CountAsync(h => h.ClientId == client)));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await http.SendAsync(Batch())).StatusCode); // no token left at all

        // With tokens again, the same batch and key takes the rest and repeats none of the first ten.
        (await admin.PatchAsJsonAsync($"/v1/admin/clients/{client}", new { ratePerSecond = 1000, burst = 1000 })).EnsureSuccessStatusCode();
        Assert.True(await Eventually.Until(async () => // until the bucket has refilled enough for all 25
            (await (await http.SendAsync(Batch())).Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("accepted", out var n)
            && n.GetInt32() == 25, TimeSpan.FromSeconds(10)));
        Assert.Equal(25, await api.Query(db => db.CreditHolds.CountAsync(h => h.ClientId == client)));
    }

    [Fact]
    public async Task Lists_take_since_and_until_with_any_offset_and_answer_in_utc()
    {
        var (client, http, _) = await api.NewClient("list-tz");
        var sent = await (await http.PostAsJsonAsync("/v1/messages", new { to = "+447911123458", text = "Listed" })).Content.ReadFromJsonAsync<JsonElement>();
        var id = sent.GetProperty("id").GetGuid();
        Assert.True(await Eventually.Until(() => api.Query(db => db.Messages.AnyAsync(m => m.CorrelationId == id)), TimeSpan.FromSeconds(10)));
        var now = DateTimeOffset.UtcNow;
        string At(DateTimeOffset instant, int hours, int minutes = 0) => Uri.EscapeDataString(
            instant.ToOffset(new TimeSpan(hours, minutes, 0)).ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture));

        var page = await http.GetFromJsonAsync<JsonElement>($"/v1/messages?since={At(now.AddMinutes(-5), 9)}&until={At(now.AddMinutes(5), -10)}");
        using var admin = api.Admin();
        var search = await admin.GetFromJsonAsync<JsonElement>($"/v1/admin/messages?clientId={client}&since={At(now.AddMinutes(-5), 5, 45)}&until={At(now.AddMinutes(5), 13, 45)}");
        var later = await http.GetFromJsonAsync<JsonElement>($"/v1/messages?since={At(now.AddMinutes(5), 9)}");

        var item = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal(id, item.GetProperty("id").GetGuid());
        Assert.EndsWith("Z", item.GetProperty("createdAt").GetString());
        Assert.Equal(id, Assert.Single(search.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());
        Assert.Empty(later.GetProperty("items").EnumerateArray());
    }
}
