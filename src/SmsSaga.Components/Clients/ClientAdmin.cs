using Microsoft.EntityFrameworkCore;
using SmsSaga.Components.Callbacks;
using SmsSaga.Components.Credits;
using SmsSaga.Components.Platform.Persistence;

namespace SmsSaga.Components.Clients;

/// <summary>Creates clients, tops up their credit and rotates their callback secrets (the CLI and the admin API call this).</summary>
public sealed class ClientAdmin(SmsDbContext db, CreditLedger ledger, TimeProvider clock)
{
    /// <summary>
    /// Creates the client when it does not exist yet, with a callback secret of its own so that every callback is signed.
    /// Returns that secret, to be shown once, when it was created; null when the client was there already.
    /// </summary>
    public async Task<string?> EnsureAsync(string id, string name, CancellationToken cancellationToken)
    {
        var secret = CallbackSignature.NewSecret();
        var created = await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO clients (id, name, available, held, captured, topped_up, created_at, callback_secret)
            VALUES ({id}, {name}, 0, 0, 0, 0, {clock.GetUtcNow()}, {secret})
            ON CONFLICT (id) DO NOTHING
            """, cancellationToken);
        return created == 1 ? secret : null;
    }

    /// <summary>Gives the client a new callback secret and returns it (shown once); null when there is no such client.</summary>
    public async Task<string?> RotateSecretAsync(string id, CancellationToken cancellationToken)
    {
        var secret = CallbackSignature.NewSecret();
        var updated = await db.Clients.Where(c => c.Id == id).ExecuteUpdateAsync(s => s.SetProperty(c => c.CallbackSecret, secret), cancellationToken);
        return updated == 1 ? secret : null;
    }

    public Task TopUpAsync(string id, decimal amount, CancellationToken cancellationToken) =>
        ledger.TopUpAsync(id, amount, cancellationToken);

    public Task<ClientAccount?> FindAsync(string id, CancellationToken cancellationToken) =>
        db.Clients.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
}
