using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SmsSaga.Components.Credits;
using SmsSaga.Components.Dispatch;
using SmsSaga.Components.Messages;

namespace SmsSaga.Gateway.Tests;

/// <summary>
/// A message answered 202 is whole to every read and cancelable from the first millisecond: each pair below reads or
/// cancels straight after the answer, with no sleep, while a load of other messages runs through the same gateway.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ReadYourWritesTests(ApiFactory api)
{
    const int Pairs = 200;
    const int InParallel = 8;

    [Fact]
    public async Task Every_accepted_message_reads_whole_at_once_for_the_client_in_its_list_and_for_support()
    {
        var (_, http, _) = await api.NewClient("ryw-read");
        using var support = api.Admin();
        var load = Load();

        await Parallel.ForAsync(0, Pairs, new ParallelOptions { MaxDegreeOfParallelism = InParallel }, async (i, _) =>
        {
            var later = i % 2 == 0; // half go now, half are scheduled
            var text = i % 3 == 0 ? "Привет" : "Hello";
            var reference = $"read-{i}";
            var response = await http.PostAsJsonAsync("/v1/messages", new
            {
                to = "+447911123456", text, reference, sendAt = later ? DateTimeOffset.UtcNow.AddHours(1) : (DateTimeOffset?)null,
            });
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

            foreach (var read in new[] { http.GetAsync($"/v1/messages/{id}"), support.GetAsync($"/v1/admin/messages/{id}") })
            {
                var message = await (await read).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
                Assert.Equal("+447911123456", message.GetProperty("to").GetString());
                Assert.Equal(reference, message.GetProperty("reference").GetString());
                Assert.Equal(1, message.GetProperty("segments").GetInt32());
                Assert.Equal(text == "Hello" ? "GSM-7" : "UCS-2", message.GetProperty("encoding").GetString());
                Assert.Equal(0.04m, message.GetProperty("cost").GetDecimal());
                var status = message.GetProperty("status").GetString();
                if (later)
                {
                    Assert.Equal("Scheduled", status);
                    Assert.Equal("held", message.GetProperty("credit").GetString());
                }
                else
                {
                    Assert.Contains(status, (string[])["Queued", "Sending", "Sent", "Delivered"]);
                }

                var first = message.GetProperty("timeline")[0];
                Assert.Equal(later ? "Scheduled" : "Queued", first.GetProperty("to").GetString());
            }

            var listed = await http.GetFromJsonAsync<JsonElement>($"/v1/messages?reference={reference}");
            Assert.Equal(id, Assert.Single(listed.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());
        });

        await load;
    }

    [Fact]
    public async Task Every_scheduled_message_canceled_at_once_ends_canceled_with_its_credit_back_and_no_attempt()
    {
        var (client, http, _) = await api.NewClient("ryw-cancel");
        var load = Load();
        var ids = new Guid[Pairs];

        await Parallel.ForAsync(0, Pairs, new ParallelOptions { MaxDegreeOfParallelism = InParallel }, async (i, _) =>
        {
            var response = await http.PostAsJsonAsync("/v1/messages",
                new { to = "+447911123456", text = "Later", sendAt = DateTimeOffset.UtcNow.AddHours(1) });
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            var id = ids[i] = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

            var cancel = await http.DeleteAsync($"/v1/messages/{id}");
            Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        });
        await load;

        Assert.True(await Eventually.Until(async () => await api.Query(db =>
            db.Messages.CountAsync(m => m.ClientId == client && m.CurrentState == "Canceled")) == Pairs, TimeSpan.FromSeconds(90)));
        Assert.True(await Eventually.Until(async () => await api.Query(db =>
            db.CreditHolds.CountAsync(h => h.ClientId == client && h.Status == "released")) == Pairs, TimeSpan.FromSeconds(60)));
        Assert.Equal(0, await api.Query(db => db.ProviderAttempts.CountAsync(a => ids.Contains(a.MessageId))));
        var balance = await http.GetFromJsonAsync<JsonElement>("/v1/balance");
        Assert.Equal((100m, 0m, 0m), (balance.GetProperty("available").GetDecimal(), balance.GetProperty("held").GetDecimal(),
            balance.GetProperty("captured").GetDecimal()));
    }

    /// <summary>
    /// Other messages, sent now, from another client, in batches, while the pairs run. Done once they have all been
    /// delivered, so that no backlog of this test's making slows the tests after it.
    /// </summary>
    async Task Load()
    {
        const int batches = 4, size = 100;
        var (client, http, _) = await api.NewClient("ryw-load", credit: 1000m);
        for (var batch = 0; batch < batches; batch++)
        {
            var items = Enumerable.Range(0, size).Select(i => new { to = "+447911123457", text = $"Load {batch}-{i}" }).ToArray();
            (await http.PostAsJsonAsync("/v1/messages/batch", new { messages = items })).EnsureSuccessStatusCode();
        }

        Assert.True(await Eventually.Until(async () => await api.Query(db =>
            db.Messages.CountAsync(m => m.ClientId == client && m.CurrentState == "Delivered")) == batches * size, TimeSpan.FromSeconds(120)));
    }
}
