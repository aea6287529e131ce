using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SmsSaga.Components.Clients;
using SmsSaga.Components.Credits;
using SmsSaga.Components.Idempotency;
using SmsSaga.Components.Messages;

namespace SmsSaga.Gateway.Tests;

/// <summary>The API's holds run in groups per client (<see cref="HoldGroups"/>): the money must come out as if one at a time.</summary>
[Collection(ApiCollection.Name)]
public sealed class HoldGroupTests(ApiFactory api)
{
    [Fact]
    public async Task Forty_concurrent_sends_against_credit_for_ten_hold_exactly_ten()
    {
        var (client, http, _) = await api.NewClient("groups", credit: 0.40m); // +44: 0.04 a segment

        var responses = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages")
            {
                Content = JsonContent.Create(new { to = "+447911123480", text = $"Number {i}" }),
            };
            request.Headers.Add("Idempotency-Key", $"n-{i}");
            return http.SendAsync(request);
        }));

        var statuses = responses.GroupBy(r => r.StatusCode).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(10, statuses[HttpStatusCode.Accepted]);
        Assert.Equal(30, statuses[HttpStatusCode.PaymentRequired]);
        // The pipeline may already be capturing or releasing these holds; what was held and the account's sum cannot change.
        Assert.Equal(10, await api.Query(db => db.CreditHolds.CountAsync(h => h.ClientId == client)));
        Assert.Equal(10, await api.Query(db => db.IdempotentRequests.CountAsync(r => r.ClientId == client)));
        Assert.Equal(0.40m, await api.Query(db => db.Ledger.Where(e => e.ClientId == client && e.Kind == "hold").SumAsync(e => e.Amount)));
        var account = await api.Query(db => db.Clients.AsNoTracking().SingleAsync(c => c.Id == client));
        Assert.Equal(0.40m, account.Available + account.Held + account.Captured);
    }

    [Fact]
    public async Task A_hold_whose_id_exists_fails_alone_and_the_others_in_its_group_are_held()
    {
        var (client, _, _) = await api.NewClient("groups-dup", credit: 10m);
        var taken = MessageIdentity.For(client, "taken");
        await using var scope = api.Services.CreateAsyncScope();
        var ledger = scope.ServiceProvider.GetRequiredService<CreditLedger>();
        Assert.True((await ledger.HoldAsync(taken, taken, client, "+447911123481", segments: 1, CancellationToken.None)).Held);
        var groups = api.Services.GetRequiredService<HoldGroups>();

        // Queued back to back, so most of them share a group with the duplicate.
        var ids = Enumerable.Range(0, 30).Select(i => i == 15 ? taken : Guid.NewGuid()).ToList();
        var holds = ids.Select(id => groups.RunAsync(client,
            () => [ledger.HoldCommand(id, id, client, "+447911123481", 0.04m, recordRejection: false)])).ToList();
        await Task.WhenAll(holds.Select(h => h.ContinueWith(_ => { })));

        var duplicate = await Assert.ThrowsAsync<PostgresException>(() => holds[15]);
        Assert.Equal(PostgresErrorCodes.UniqueViolation, duplicate.SqlState);
        Assert.All(holds.Where((_, i) => i != 15), h => Assert.Equal(HoldStatus.Held, h.Result.Status));
        var account = await api.Query(db => db.Clients.AsNoTracking().SingleAsync(c => c.Id == client));
        Assert.Equal(30 * 0.04m, account.Held);
        Assert.Equal(10m - 30 * 0.04m, account.Available);
    }
}
