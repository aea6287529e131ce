using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmsSaga.Components.Credits;
using SmsSaga.Components.Dispatch;
using SmsSaga.Components.Messages;

namespace SmsSaga.Gateway.Tests;

[Collection(ApiCollection.Name)]
public sealed class IdempotencyTests(ApiFactory api)
{
    static HttpRequestMessage Send(string key, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    [Fact]
    public async Task The_same_key_and_body_get_the_original_response_and_a_different_body_is_422()
    {
        var (client, http, _) = await api.NewClient("idem");
        var body = new { to = "+447911123470", text = "Once" };

        var first = await http.SendAsync(Send("k-1", body));
        var second = await http.SendAsync(Send("k-1", body));
        var different = await http.SendAsync(Send("k-1", new { to = "+447911123470", text = "Twice?" }));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, different.StatusCode);
        Assert.Equal("idempotency_key_reused", (await different.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(MessageIdentity.For(client, "k-1"), (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        Assert.Equal(1, await api.Query(db => db.CreditHolds.CountAsync(h => h.ClientId == client)));
    }

    [Fact]
    public async Task Twenty_concurrent_requests_with_one_key_make_exactly_one_message()
    {
        var (client, http, _) = await api.NewClient("race");
        var body = new { to = "+447911123471", text = "Only one" };

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => http.SendAsync(Send("race-1", body))));

        var statuses = responses.Select(r => r.StatusCode).ToList();
        Assert.All(statuses, s => Assert.Contains(s, new[] { HttpStatusCode.Accepted, HttpStatusCode.Conflict }));
        Assert.Contains(HttpStatusCode.Accepted, statuses);
        var id = MessageIdentity.For(client, "race-1");
        Assert.All(await Task.WhenAll(responses.Where(r => r.StatusCode == HttpStatusCode.Accepted)
                .Select(async r => (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid())),
            got => Assert.Equal(id, got));
        Assert.True(await Eventually.Until(() => api.Query(db => db.Messages.AnyAsync(m => m.CorrelationId == id && m.CurrentState == "Delivered")),
            TimeSpan.FromSeconds(30)));
        Assert.Equal(1, await api.Query(db => db.Messages.CountAsync(m => m.ClientId == client)));
        Assert.Equal(1, await api.Query(db => db.CreditHolds.CountAsync(h => h.ClientId == client)));
        Assert.Equal(1, await api.Query(db => db.ProviderAttempts.CountAsync(a => a.MessageId == id)));
    }

    [Fact]
    public async Task The_bus_and_the_api_share_one_idempotency_a_key_used_on_the_bus_names_the_same_message()
    {
        var (client, http, _) = await api.NewClient("shared");
        var id = MessageIdentity.For(client, "shared-1");
        var bus = api.Services.GetRequiredService<MassTransit.IBus>();
        await bus.Publish(new SmsSaga.Contracts.SendSms(client, "shared-1", "+447911123472", "From the bus"));
        Assert.True(await Eventually.Until(() => api.Query(db => db.Messages.AnyAsync(m => m.CorrelationId == id)), TimeSpan.FromSeconds(20)));

        var response = await http.SendAsync(Send("shared-1", new { to = "+447911123472", text = "From the bus" }));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(id, body.GetProperty("id").GetGuid());
        Assert.Equal("existing", body.GetProperty("credit").GetString());
        // The saga holds the credit on its own, a moment after it starts: one hold, the bus path's.
        Assert.True(await Eventually.Until(() => api.Query(db => db.Messages.AnyAsync(m => m.CorrelationId == id && m.CurrentState == "Delivered")),
            TimeSpan.FromSeconds(30)));
        Assert.Equal(1, await api.Query(db => db.CreditHolds.CountAsync(h => h.ClientId == client)));
    }

    [Fact]
    public async Task A_key_that_names_another_message_is_refused_in_a_batch_and_on_its_own()
    {
        var (client, http, _) = await api.NewClient("key-reuse");
        (await http.PostAsJsonAsync("/v1/messages/batch", new { messages = new[] { new { to = "+447911123456", text = "First", idempotencyKey = "order-1" } } }))
            .EnsureSuccessStatusCode();
        var id = MessageIdentity.For(client, "order-1");
        Assert.True(await Eventually.Until(() => api.Query(db => db.Messages.AnyAsync(m => m.CorrelationId == id)), TimeSpan.FromSeconds(10)));

        var batch = await (await http.PostAsJsonAsync("/v1/messages/batch", new
        {
            messages = new[]
            {
                new { to = "+447911123456", text = "First", idempotencyKey = "order-1" },      // the same message again
                new { to = "+447911123456", text = "Changed", idempotencyKey = "order-1" },    // another message, same key
                new { to = "+447911123456", text = "Second", idempotencyKey = "order-2" },
                new { to = "+447911123456", text = "Second, edited", idempotencyKey = "order-2" }, // within the batch
                new { to = "+447911123456", text = "Second", idempotencyKey = "order-2" },
            },
        })).Content.ReadFromJsonAsync<JsonElement>();

        var items = batch.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([202, 422, 202, 422, 202], items.Select(i => i.GetProperty("status").GetInt32()));
        Assert.Equal("existing", items[0].GetProperty("message").GetProperty("credit").GetString());
        Assert.Equal("idempotency_key_reused", items[1].GetProperty("problem").GetProperty("code").GetString());
        Assert.Equal("idempotency_key_reused", items[3].GetProperty("problem").GetProperty("code").GetString());
        Assert.Equal(items[2].GetProperty("message").GetProperty("id").GetGuid(), items[4].GetProperty("message").GetProperty("id").GetGuid());
        Assert.Equal(3, batch.GetProperty("accepted").GetInt32());
        Assert.Equal(2, batch.GetProperty("refused").GetInt32());

        var single = await http.PostAsJsonAsync("/v1/messages/batch", new { messages = new[] { new { to = "+447911123457", text = "First", idempotencyKey = "order-1" } } });
        Assert.Equal(422, (await single.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items")[0].GetProperty("status").GetInt32());
        Assert.Equal(2, await api.Query(db => db.CreditHolds.CountAsync(h => h.ClientId == client))); // order-1 and order-2, once each
    }
}
