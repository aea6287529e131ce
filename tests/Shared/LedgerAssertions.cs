using Microsoft.EntityFrameworkCore;
using SmsSaga.Components.Clients;
using SmsSaga.Components.Credits;
using SmsSaga.Components.Platform.Persistence;

namespace SmsSaga.Tests;

/// <summary>A test's way into the gateway's database.</summary>
public interface ISmsDatabase
{
    Task<T> Query<T>(Func<SmsDbContext, Task<T>> query);
}

/// <summary>The money checks every pipeline test ends with.</summary>
public static class LedgerAssertions
{
    /// <summary>
    /// available + held = topped_up − captured; nothing left held; every hold settled once, and what was
    /// captured plus what was released equals what was held — in the account and in the ledger entries.
    /// </summary>
    public static async Task AssertBalanced(ISmsDatabase database, string clientId)
    {

        // Terminal sagas have asked for their capture or release; wait for the credit consumers to settle.
        var settled = await Eventually.Until(
            () => database.Query(db => db.CreditHolds.AllAsync(h => h.ClientId != clientId || h.Status != HoldStatus.Held)),
            TimeSpan.FromSeconds(30));
        Assert.True(settled, "some holds were never captured or released");

        var (account, holds, entries) = await database.Query(async db => (
            await db.Clients.AsNoTracking().SingleAsync(c => c.Id == clientId),
            await db.CreditHolds.AsNoTracking().Where(h => h.ClientId == clientId).ToListAsync(),
            await db.Ledger.AsNoTracking().Where(e => e.ClientId == clientId).ToListAsync()));

        Assert.Equal(account.ToppedUp - account.Captured, account.Available + account.Held);
        Assert.Equal(0m, account.Held);
        Assert.DoesNotContain(holds, h => h.Status == HoldStatus.Held);

        decimal Sum(string kind) => entries.Where(e => e.Kind == kind).Sum(e => e.Amount);
        Assert.Equal(Sum("hold"), Sum("capture") + Sum("release"));
        Assert.Equal(account.Captured, Sum("capture"));
        Assert.Equal(account.ToppedUp, Sum("top_up"));

        // One settlement per hold, never two.
        var settlements = entries.Where(e => e.Kind is "capture" or "release").GroupBy(e => e.HoldId).ToList();
        Assert.All(settlements, g => Assert.Single(g));
        Assert.Equal(holds.Count(h => h.Status != HoldStatus.Rejected), settlements.Count);
    }
}
