using Microsoft.EntityFrameworkCore;
using SmsSaga.Components.Persistence;
using SmsSaga.Contracts;

namespace SmsSaga.Components.Credits;

/// <summary>
/// Every movement of a client's credit. Each method runs in one transaction (the caller's, when one is
/// open) and moves money only through conditional updates, so concurrent and repeated calls for one
/// message settle its hold exactly once: <c>available + held = topped_up − captured</c> always holds.
/// </summary>
public sealed class CreditLedger(SmsDbContext db, TimeProvider clock)
{
    /// <summary>
    /// Reserves <paramref name="amount"/> for a message. A repeat returns the first outcome (held or rejected)
    /// without moving money again; two racing first calls collide on the hold's primary key and one retries.
    /// </summary>
    public Task<HoldOutcome> HoldAsync(Guid messageId, string clientId, decimal amount, CancellationToken cancellationToken) =>
        db.InTransactionAsync(async () =>
        {
            var existing = await db.CreditHolds.AsNoTracking().SingleOrDefaultAsync(h => h.MessageId == messageId, cancellationToken);
            if (existing is not null)
                return existing.Status == HoldStatus.Rejected
                    ? new HoldOutcome(false, 0, existing.Reason)
                    : new HoldOutcome(true, existing.Amount, null);

            var now = clock.GetUtcNow();
            var debited = await db.Database.ExecuteSqlAsync(
                $"UPDATE clients SET available = available - {amount}, held = held + {amount} WHERE id = {clientId} AND available >= {amount}",
                cancellationToken);

            string? rejection = null;
            if (debited == 0)
                rejection = await db.Clients.AnyAsync(c => c.Id == clientId, cancellationToken)
                    ? FailureReasons.InsufficientCredit
                    : FailureReasons.UnknownClient;

            db.CreditHolds.Add(new CreditHold
            {
                MessageId = messageId,
                ClientId = clientId,
                Amount = rejection is null ? amount : 0,
                Status = rejection is null ? HoldStatus.Held : HoldStatus.Rejected,
                Reason = rejection,
                CreatedAt = now,
            });
            if (rejection is null)
                db.Ledger.Add(new LedgerEntry { ClientId = clientId, MessageId = messageId, Kind = "hold", Amount = amount, At = now });
            await db.SaveChangesAsync(cancellationToken);

            return new HoldOutcome(rejection is null, rejection is null ? amount : 0, rejection);
        }, cancellationToken);

    /// <summary>Charges the message's hold. False when there is no open hold (already settled, or none).</summary>
    public Task<bool> CaptureAsync(Guid messageId, CancellationToken cancellationToken) =>
        Settle(messageId, HoldStatus.Captured, "capture", cancellationToken);

    /// <summary>Gives the message's hold back. False when there is no open hold (already settled, or none).</summary>
    public Task<bool> ReleaseAsync(Guid messageId, CancellationToken cancellationToken) =>
        Settle(messageId, HoldStatus.Released, "release", cancellationToken);

    /// <summary>Adds credit to a client's account.</summary>
    public Task TopUpAsync(string clientId, decimal amount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amount);
        return db.InTransactionAsync(async () =>
        {
            var updated = await db.Database.ExecuteSqlAsync(
                $"UPDATE clients SET available = available + {amount}, topped_up = topped_up + {amount} WHERE id = {clientId}",
                cancellationToken);
            if (updated == 0)
                throw new InvalidOperationException($"There is no client '{clientId}'.");
            db.Ledger.Add(new LedgerEntry { ClientId = clientId, Kind = "top_up", Amount = amount, At = clock.GetUtcNow() });
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }, cancellationToken);
    }

    Task<bool> Settle(Guid messageId, string status, string kind, CancellationToken cancellationToken) =>
        db.InTransactionAsync(async () =>
        {
            // The row lock taken by this UPDATE serialises a racing capture and release: the second one
            // re-reads the row after the first commits, finds it no longer 'held', and settles nothing.
            var now = clock.GetUtcNow();
            var settled = await db.Database
                .SqlQuery<SettledHold>($"""
                    UPDATE credit_holds SET status = {status}, settled_at = {now}
                    WHERE message_id = {messageId} AND status = 'held'
                    RETURNING client_id AS "ClientId", amount AS "Amount"
                    """)
                .ToListAsync(cancellationToken);
            if (settled.Count == 0)
                return false;

            var (clientId, amount) = (settled[0].ClientId, settled[0].Amount);
            if (status == HoldStatus.Captured)
                await db.Database.ExecuteSqlAsync(
                    $"UPDATE clients SET held = held - {amount}, captured = captured + {amount} WHERE id = {clientId}", cancellationToken);
            else
                await db.Database.ExecuteSqlAsync(
                    $"UPDATE clients SET held = held - {amount}, available = available + {amount} WHERE id = {clientId}", cancellationToken);

            db.Ledger.Add(new LedgerEntry { ClientId = clientId, MessageId = messageId, Kind = kind, Amount = amount, At = now });
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }, cancellationToken);

    sealed record SettledHold(string ClientId, decimal Amount);
}
