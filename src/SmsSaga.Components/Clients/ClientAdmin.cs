using Microsoft.EntityFrameworkCore;
using SmsSaga.Components.Credits;
using SmsSaga.Components.Idempotency;
using SmsSaga.Components.Platform.Persistence;

namespace SmsSaga.Components.Clients;

/// <summary>Creates clients, tops up their credit and rotates their callback secrets (the CLI and the admin API call this).</summary>
public sealed class ClientAdmin(SmsDbContext db, CreditLedger ledger, TimeProvider clock)
{
    /// <summary>
    /// Creates the client when it does not exist yet, with a callback secret of its own so that every callback is signed,
    /// and its first <paramref name="credit"/> (a top-up in the ledger) in the same commit: a client is never there
    /// without the credit it was created with. Returns that secret, to be shown once, when it was created; null when the
    /// client was there already (and is left as it was).
    /// </summary>
    public async Task<string?> EnsureAsync(string id, string name, decimal credit, CancellationToken cancellationToken)
    {
        var secret = ClientAccount.NewCallbackSecret();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var created = await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO clients (id, name, available, held, captured, topped_up, created_at, callback_secret)
            VALUES ({id}, {name}, 0, 0, 0, 0, {clock.GetUtcNow()}, {secret})
            ON CONFLICT (id) DO NOTHING
            """, cancellationToken);
        if (created == 0)
            return null;
        if (credit > 0)
            await ledger.TopUpAsync(id, credit, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return secret;
    }

    /// <summary>Gives the client a new callback secret and returns it (shown once); null when there is no such client.</summary>
    public async Task<string?> RotateSecretAsync(string id, CancellationToken cancellationToken)
    {
        var secret = ClientAccount.NewCallbackSecret();
        var updated = await db.Clients.Where(c => c.Id == id).ExecuteUpdateAsync(s => s.SetProperty(c => c.CallbackSecret, secret), cancellationToken);
        return updated == 1 ? secret : null;
    }

    public Task TopUpAsync(string id, decimal amount, CancellationToken cancellationToken) =>
        ledger.TopUpAsync(id, amount, cancellationToken);

    /// <summary>
    /// Tops up, and stores in the same commit the record <paramref name="record"/> makes of the account after it (the HTTP
    /// request's idempotency record): a retried request finds either both or neither, so it never credits twice.
    /// </summary>
    public async Task<ClientAccount> TopUpAsync(string id, decimal amount, Func<ClientAccount, IdempotentRequest?> record,
        CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await ledger.TopUpAsync(id, amount, cancellationToken);
        var account = (await FindAsync(id, cancellationToken))!;
        if (record(account) is { } stored)
        {
            db.IdempotentRequests.Add(stored);
            await db.SaveChangesAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return account;
    }

    public Task<ClientAccount?> FindAsync(string id, CancellationToken cancellationToken) =>
        db.Clients.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
}
