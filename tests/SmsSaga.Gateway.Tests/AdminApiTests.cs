using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SmsSaga.Components.Clients;
using SmsSaga.Components.Credits;

namespace SmsSaga.Gateway.Tests;

[Collection(ApiCollection.Name)]
public sealed class AdminApiTests(ApiFactory api)
{
    [Fact]
    public async Task Support_creates_a_client_issues_a_key_tops_up_and_finds_its_messages()
    {
        using var admin = api.Admin();
        var id = $"acme-{Guid.NewGuid():N}"[..20];

        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/v1/admin/clients", new { id, name = "Acme" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsJsonAsync("/v1/admin/clients", new { id, name = "Acme" })).StatusCode);
        var topped = await (await admin.PostAsJsonAsync($"/v1/admin/clients/{id}/topups", new { amount = 5m })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(5m, topped.GetProperty("available").GetDecimal());
        var key = (await (await admin.PostAsync($"/v1/admin/clients/{id}/keys", null)).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("key").GetString();

        var http = api.CreateClient();
        http.DefaultRequestHeaders.Add("X-API-Key", key);
        var sent = await (await http.PostAsJsonAsync("/v1/messages", new { to = "+447911123480", text = "Hi", reference = "r-admin" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var messageId = sent.GetProperty("id").GetGuid();

        Assert.True(await Eventually.Until(async () =>
            (await admin.GetFromJsonAsync<JsonElement>($"/v1/admin/messages?clientId={id}")).GetProperty("items").GetArrayLength() == 1,
            TimeSpan.FromSeconds(20)));
        var found = await admin.GetFromJsonAsync<JsonElement>($"/v1/admin/messages/{messageId}");
        Assert.Equal(id, found.GetProperty("clientId").GetString());
        var across = await admin.GetFromJsonAsync<JsonElement>("/v1/admin/messages?reference=r-admin");
        Assert.Contains(across.GetProperty("items").EnumerateArray(), m => m.GetProperty("id").GetGuid() == messageId);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync($"/v1/admin/clients/{id}/topups", new { amount = -1 })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/v1/admin/clients/nobody-here")).StatusCode);
    }

    [Fact]
    public async Task Support_replays_only_failed_messages()
    {
        var (_, http, _) = await api.NewClient("replay");
        var id = (await (await http.PostAsJsonAsync("/v1/messages", new { to = "+447911123481", text = "x", sendAt = DateTimeOffset.UtcNow.AddHours(1) }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        using var admin = api.Admin();
        Assert.True(await Eventually.Until(async () => (await admin.GetAsync($"/v1/admin/messages/{id}")).IsSuccessStatusCode, TimeSpan.FromSeconds(20)));
        Assert.True(await Eventually.Until(async () =>
            (await admin.GetFromJsonAsync<JsonElement>($"/v1/admin/messages/{id}")).GetProperty("status").GetString() == "Scheduled", TimeSpan.FromSeconds(20)));

        var response = await admin.PostAsync($"/v1/admin/messages/{id}/replay", null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync($"/v1/admin/messages/{Guid.NewGuid()}/replay", null)).StatusCode);
    }

    [Theory]
    [InlineData("0.0000001", "decimal places")]
    [InlineData("1e20", "at most")]
    [InlineData("0", "more than zero")]
    [InlineData("-3", "more than zero")]
    public async Task A_top_up_outside_the_ledgers_precision_or_range_is_a_400_saying_which_rule(string amount, string rule)
    {
        using var admin = api.Admin();
        var (client, _, _) = await api.NewClient("topup-rules", credit: 1m);

        var response = await admin.PostAsync($"/v1/admin/clients/{client}/topups",
            new StringContent($$"""{"amount":{{amount}}}""", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains(rule, errors.GetProperty("amount")[0].GetString());
        Assert.Equal(1, await api.Query(db => db.Ledger.CountAsync(e => e.ClientId == client))); // only the opening credit
    }

    [Fact]
    public async Task A_top_up_sent_again_under_its_idempotency_key_credits_once()
    {
        using var admin = api.Admin();
        var (client, _, _) = await api.NewClient("topup-key", credit: 1m);
        var (other, _, _) = await api.NewClient("topup-key-other", credit: 1m);
        var key = Guid.NewGuid().ToString();
        Task<HttpResponseMessage> TopUp(string id, decimal amount, string? idempotencyKey = null)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/admin/clients/{id}/topups") { Content = JsonContent.Create(new { amount }) };
            request.Headers.Add("Idempotency-Key", idempotencyKey ?? key);
            return admin.SendAsync(request);
        }

        // The same request five times at once, then once more: one credit, the same answer each time it is not a 409.
        var together = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => TopUp(client, 2.5m)));
        var again = await TopUp(client, 2.5m);
        Assert.All(together, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(3.5m, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("available").GetDecimal());
        Assert.Equal(3.5m, await api.Query(db => db.Clients.Where(c => c.Id == client).Select(c => c.Available).SingleAsync()));
        Assert.Equal(2, await api.Query(db => db.Ledger.CountAsync(e => e.ClientId == client && e.Kind == "top_up")));

        // The key names that one top-up: another amount, or another client, is a different request.
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await TopUp(client, 3m)).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await TopUp(other, 2.5m)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await TopUp(client, 2.5m, idempotencyKey: " ")).StatusCode);
        Assert.Equal(1m, await api.Query(db => db.Clients.Where(c => c.Id == other).Select(c => c.Available).SingleAsync()));

        // A refused top-up stores nothing under its key: fixed, it goes through.
        var fresh = Guid.NewGuid().ToString();
        Assert.Equal(HttpStatusCode.NotFound, (await TopUp("nobody-here", 1m, fresh)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await TopUp(client, 1m, fresh)).StatusCode);
        Assert.Equal(4.5m, await api.Query(db => db.Clients.Where(c => c.Id == client).Select(c => c.Available).SingleAsync()));
    }

    [Fact]
    public async Task A_null_rate_limit_goes_back_to_the_default_and_a_left_out_one_is_kept()
    {
        using var admin = api.Admin();
        var (client, _, _) = await api.NewClient("rate-reset");
        (await admin.PatchAsJsonAsync($"/v1/admin/clients/{client}", new { ratePerSecond = 5.0, burst = 7 })).EnsureSuccessStatusCode();

        (await admin.PatchAsync($"/v1/admin/clients/{client}",
            new StringContent("""{"ratePerSecond":null,"helpText":"Reply STOP"}""", System.Text.Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();

        var account = await api.Query(db => db.Clients.AsNoTracking().SingleAsync(c => c.Id == client));
        Assert.Null(account.RatePerSecond);
        Assert.Equal(7, account.Burst);
    }

    [Fact]
    public async Task The_openapi_document_and_the_reference_page_are_served()
    {
        var http = api.CreateClient();

        var document = await http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var page = await http.GetAsync("/docs");

        Assert.True(document.GetProperty("paths").TryGetProperty("/v1/messages", out _));
        Assert.True(document.GetProperty("paths").TryGetProperty("/v1/providers/{name}/dlr", out _));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("text/html", page.Content.Headers.ContentType?.MediaType);
    }
}
