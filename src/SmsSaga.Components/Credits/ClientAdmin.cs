using Microsoft.EntityFrameworkCore;
using SmsSaga.Components.Persistence;

namespace SmsSaga.Components.Credits;

/// <summary>Creates clients and tops up their credit (the CLI and, later, the admin API call this).</summary>
public sealed class ClientAdmin(SmsDbContext db, CreditLedger ledger, TimeProvider clock)
{
    /// <summary>Creates the client when it does not exist yet. True when it was created.</summary>
    public async Task<bool> EnsureAsync(string id, string name, CancellationToken cancellationToken)
    {
        var created = await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO clients (id, name, available, held, captured, topped_up, created_at)
            VALUES ({id}, {name}, 0, 0, 0, 0, {clock.GetUtcNow()})
            ON CONFLICT (id) DO NOTHING
            """, cancellationToken);
        return created == 1;
    }

    public Task TopUpAsync(string id, decimal amount, CancellationToken cancellationToken) =>
        ledger.TopUpAsync(id, amount, cancellationToken);

    public Task<ClientAccount?> FindAsync(string id, CancellationToken cancellationToken) =>
        db.Clients.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
}
