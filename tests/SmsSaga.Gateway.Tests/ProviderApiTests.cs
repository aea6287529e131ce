using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmsSaga.Components.Clients;
using SmsSaga.Components.Credits;
using SmsSaga.Components.Dispatch;
using SmsSaga.Components.Messages;

namespace SmsSaga.Gateway.Tests;

[Collection(ApiCollection.Name)]
public sealed class ProviderApiTests(ApiFactory api)
{
    HttpClient Provider(string key = ApiFactory.ProviderKey)
    {
        var http = api.CreateClient();
        http.DefaultRequestHeaders.Add("X-Provider-Key", key);
        return http;
    }

    /// <summary>Gives the client a short code of its own, for inbound messages to be sent to.</summary>
    async Task<string> NumberOf(string client)
    {
        var number = Random.Shared.Next(10_000_000, 100_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var admin = api.Admin();
        (await admin.PutAsync($"/v1/admin/clients/{client}/numbers/{number}", null)).EnsureSuccessStatusCode();
        return number;
    }

    Task<HttpResponseMessage> Inbound(string from, string to, string text, string? id = null) =>
        Provider().PostAsJsonAsync("/v1/providers/simulator/inbound", new { id = id ?? Guid.NewGuid().ToString(), from, to, text });

    [Fact]
    public async Task A_report_for_an_unknown_message_is_kept_not_dropped()
    {
        var providerId = $"unknown-{Guid.NewGuid():N}";

        var response = await Provider().PostAsJsonAsync("/v1/providers/simulator/dlr", new { messageId = providerId, status = "DELIVRD" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.False((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("matched").GetBoolean());
        var kept = await api.Query(db => db.ProviderReports.AsNoTracking().SingleAsync(r => r.ProviderMessageId == providerId));
        Assert.Null(kept.MatchedAt);
        Assert.Null(kept.ExpiredAt);
    }

    [Fact]
    public async Task A_report_for_a_known_message_is_matched_to_it()
    {
        var (_, http, _) = await api.NewClient("dlr");
        var id = (await (await http.PostAsJsonAsync("/v1/messages", new { to = "+447911123490", text = "x" }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        string? providerId = null;
        Assert.True(await Eventually.Until(async () =>
        {
            providerId = await api.Query(db => db.Messages.Where(m => m.CorrelationId == id).Select(m => m.ProviderMessageId).SingleOrDefaultAsync());
            return providerId is not null;
        }, TimeSpan.FromSeconds(20)));

        var response = await Provider().PostAsJsonAsync("/v1/providers/simulator/dlr", new { messageId = providerId, status = "DELIVRD" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("matched").GetBoolean());
        Assert.True(await Eventually.Until(() => api.Query(db => db.Messages.AnyAsync(m => m.CorrelationId == id && m.CurrentState == "Delivered")),
            TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public async Task A_report_is_matched_only_among_the_messages_of_the_provider_that_sends_it()
    {
        var (_, http, _) = await api.NewClient("dlr-other");
        var id = (await (await http.PostAsJsonAsync("/v1/messages", new { to = "+447911123479", text = "x" }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        string? providerId = null;
        Assert.True(await Eventually.Until(async () =>
        {
            providerId = await api.Query(db => db.Messages.Where(m => m.CorrelationId == id).Select(m => m.ProviderMessageId).SingleOrDefaultAsync());
            return providerId is not null;
        }, TimeSpan.FromSeconds(20)));

        // Another provider, with its own valid key, reports on the simulator's message id: it is kept, and matches nothing.
        var response = await Provider(ApiFactory.OtherProviderKey).PostAsJsonAsync("/v1/providers/other/dlr", new { messageId = providerId, status = "UNDELIV" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.False((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("matched").GetBoolean());
        var report = await api.Query(db => db.ProviderReports.SingleAsync(r => r.Provider == "other" && r.ProviderMessageId == providerId));
        await using var scope = api.Services.CreateAsyncScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<SmsSaga.Components.Dispatch.ProviderReports>()
            .TryMatchAsync(report, CancellationToken.None)); // what the matcher tries again, later
        Assert.Equal(HttpStatusCode.Unauthorized, (await Provider(ApiFactory.OtherProviderKey)
            .PostAsJsonAsync("/v1/providers/simulator/dlr", new { messageId = providerId, status = "UNDELIV" })).StatusCode);
        Assert.True(await Eventually.Until(() => api.Query(db => db.Messages.AnyAsync(m => m.CorrelationId == id && m.CurrentState == "Delivered")),
            TimeSpan.FromSeconds(20)), "the simulator's own report did not deliver it");
    }

    [Fact]
    public async Task Webhooks_need_a_known_provider_and_its_key()
    {
        var body = new { messageId = "x", status = "DELIVRD" };
        Assert.Equal(HttpStatusCode.Unauthorized, (await Provider("wrong").PostAsJsonAsync("/v1/providers/simulator/dlr", body)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Provider().PostAsJsonAsync("/v1/providers/nobody/dlr", body)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest,
            (await Provider().PostAsJsonAsync("/v1/providers/simulator/dlr", new { messageId = "x", status = "MAYBE" })).StatusCode);
    }

    [Fact]
    public async Task Stop_opts_the_number_out_so_messages_to_it_are_refused_and_start_opts_it_back_in()
    {
        var (client, http, _) = await api.NewClient("optout");
        var own = await NumberOf(client);
        const string number = "+447911123491";
        (await http.PostAsJsonAsync("/v1/messages", new { to = number, text = "Offer" })).EnsureSuccessStatusCode();
        Assert.True(await Eventually.Until(() => api.Query(db => db.Messages.AnyAsync(m => m.ClientId == client)), TimeSpan.FromSeconds(20)));

        var stop = await Inbound(number, own, "  stop ");
        Assert.Equal("OptedOut", (await stop.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("action").GetString());

        var refused = await http.PostAsJsonAsync("/v1/messages", new { to = number, text = "Another offer" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal("opted_out", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        var balance = await http.GetFromJsonAsync<JsonElement>("/v1/balance");
        Assert.Equal(0.04m, 100m - balance.GetProperty("available").GetDecimal()); // only the first message was charged

        // The bus path refuses it too: the message fails with opted_out and costs nothing.
        var bus = api.Services.GetRequiredService<MassTransit.IBus>();
        var busId = SmsSaga.Components.Messages.MessageIdentity.For(client, "bus-after-stop");
        await bus.Publish(new SmsSaga.Contracts.SendSms(client, "bus-after-stop", number, "Via the bus"));
        Assert.True(await Eventually.Until(() => api.Query(db => db.Messages.AnyAsync(m =>
            m.CorrelationId == busId && m.CurrentState == "Failed" && m.Reason == "opted_out")), TimeSpan.FromSeconds(20)));

        var start = await Inbound(number, own, "START");
        Assert.Equal("OptedIn", (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("action").GetString());
        Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsJsonAsync("/v1/messages", new { to = number, text = "Welcome back" })).StatusCode);
    }

    [Fact]
    public async Task A_stop_while_a_message_waits_for_its_send_time_fails_it_opted_out_unsent_and_releases_its_credit()
    {
        var (client, http, _) = await api.NewClient("stop-later");
        var own = await NumberOf(client);
        const string number = "+447911123466";
        var sent = await http.PostAsJsonAsync("/v1/messages", new { to = number, text = "Later", sendAt = DateTimeOffset.UtcNow.AddSeconds(5) });
        var id = (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.True(await Eventually.Until(() => api.Query(db => db.Messages.AnyAsync(m => m.CorrelationId == id && m.CurrentState == "Scheduled")),
            TimeSpan.FromSeconds(10)));

        var stop = await Inbound(number, own, "STOP");
        Assert.Equal("OptedOut", (await stop.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("action").GetString());

        JsonElement message = default;
        Assert.True(await Eventually.Until(async () => (message = await http.GetFromJsonAsync<JsonElement>($"/v1/messages/{id}"))
            .GetProperty("credit").GetString() == "released", TimeSpan.FromSeconds(30)), $"not released: {message}");
        Assert.Equal("Failed", message.GetProperty("status").GetString());
        Assert.Equal("opted_out", message.GetProperty("reason").GetString());
        Assert.Equal(0, await api.Query(db => db.SimulatorSubmissions.CountAsync(s => s.MessageId == id))); // never reached the provider
        Assert.Equal(100m, (await http.GetFromJsonAsync<JsonElement>("/v1/balance")).GetProperty("available").GetDecimal());
        Assert.Contains(client, await api.Query(db => db.OptOuts.Where(o => o.Number == number).Select(o => o.ClientId).ToListAsync()));
    }

    [Fact]
    public async Task Duplicate_help_messages_arriving_together_are_answered_as_the_first_and_reply_once()
    {
        var (client, http, _) = await api.NewClient("help-dup");
        using var admin = api.Admin();
        (await admin.PatchAsJsonAsync($"/v1/admin/clients/{client}", new { helpText = "Acme: reply STOP to stop." })).EnsureSuccessStatusCode();
        var own = await NumberOf(client);
        const string number = "+447911123493";
        (await http.PostAsJsonAsync("/v1/messages", new { to = number, text = "Hello" })).EnsureSuccessStatusCode();
        Assert.True(await Eventually.Until(() => api.Query(db => db.Messages.AnyAsync(m => m.ClientId == client && m.To == number)), TimeSpan.FromSeconds(10)));
        var inboundId = "mo-" + Guid.NewGuid().ToString("N");

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            using var provider = Provider();
            var response = await provider.PostAsJsonAsync("/v1/providers/simulator/inbound", new { id = inboundId, from = number, to = own, text = "HELP" });
            return (response.StatusCode, Action: (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("action").GetString());
        }));

        Assert.All(answers, a => Assert.Equal((HttpStatusCode.OK, "HelpSent"), a));
        Assert.True(await Eventually.Until(() => api.Query(db => db.Messages.AnyAsync(m => m.ClientId == client && m.Reference == "help")),
            TimeSpan.FromSeconds(20)));
        Assert.Equal(1, await api.Query(db => db.Messages.CountAsync(m => m.ClientId == client && m.Reference == "help")));
        Assert.Equal(2, await api.Query(db => db.CreditHolds.CountAsync(h => h.ClientId == client))); // the first message and one reply
    }

    [Fact]
    public async Task Help_gets_the_clients_help_text_as_a_reply()
    {
        var (client, http, _) = await api.NewClient("help");
        using var admin = api.Admin();
        (await admin.PatchAsJsonAsync($"/v1/admin/clients/{client}", new { helpText = "Acme: reply STOP to stop." })).EnsureSuccessStatusCode();
        var own = await NumberOf(client);
        const string number = "+447911123492";

        var help = await Inbound(number, own, "help", id: "mo-1");

        Assert.Equal("HelpSent", (await help.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("action").GetString());
        Assert.True(await Eventually.Until(() => api.Query(db => db.Messages.AnyAsync(m =>
            m.ClientId == client && m.Reference == "help" && m.Text == "Acme: reply STOP to stop.")), TimeSpan.FromSeconds(20)));

        // Another HELP from the number within the hour gets no second (charged) reply; one from another number does.
        Assert.Equal("HelpLimited", (await (await Inbound(number, own, "HELP")).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("action").GetString());
        Assert.Equal("HelpSent", (await (await Inbound("+447911123478", own, "HELP")).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("action").GetString());
        Assert.Equal(1, await api.Query(db => db.Messages.CountAsync(m => m.ClientId == client && m.Reference == "help" && m.To == number)));
    }

    [Fact]
    public async Task Stop_acts_for_the_client_that_owns_the_number_it_was_sent_to_not_the_one_that_wrote_last()
    {
        var (owner, ownerHttp, _) = await api.NewClient("owner");
        var (other, otherHttp, _) = await api.NewClient("other");
        var own = await NumberOf(owner);
        const string number = "+447911123477";
        (await ownerHttp.PostAsJsonAsync("/v1/messages", new { to = number, text = "From the owner" })).EnsureSuccessStatusCode();
        (await otherHttp.PostAsJsonAsync("/v1/messages", new { to = number, text = "From the other, later" })).EnsureSuccessStatusCode();

        var stop = await (await Inbound(number, own, "STOP")).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(("OptedOut", owner), (stop.GetProperty("action").GetString(), stop.GetProperty("clientId").GetString()));
        Assert.Equal([owner], await api.Query(db => db.OptOuts.Where(o => o.Number == number).Select(o => o.ClientId).ToListAsync()));
        Assert.Equal(HttpStatusCode.Accepted, (await otherHttp.PostAsJsonAsync("/v1/messages", new { to = number, text = "Still fine" })).StatusCode);

        // A number nobody owns routes nowhere; a number is one client's at a time.
        var unrouted = await (await Inbound(number, "1234", "STOP")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Unrouted", unrouted.GetProperty("action").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await Inbound(number, "ACME", "STOP")).StatusCode);
        using var admin = api.Admin();
        var taken = await admin.PutAsync($"/v1/admin/clients/{other}/numbers/{own}", null);
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        Assert.Equal("number_taken", (await taken.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsync($"/v1/admin/clients/{owner}/numbers/{own}", null)).StatusCode); // again: unchanged
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/v1/admin/clients/{owner}/numbers/{own}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsync($"/v1/admin/clients/{other}/numbers/{own}", null)).StatusCode);
        Assert.Equal([own], (await admin.GetFromJsonAsync<JsonElement>($"/v1/admin/clients/{other}/numbers")).GetProperty("numbers")
            .EnumerateArray().Select(n => n.GetString()!).ToArray());
    }
}
