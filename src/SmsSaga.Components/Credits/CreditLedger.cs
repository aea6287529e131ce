using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Npgsql;
using SmsSaga.Components.Platform.Persistence;
using SmsSaga.Components.Text;

namespace SmsSaga.Components.Credits;

/// <summary>
/// Every movement of a client's credit. Each movement is one SQL statement (data-modifying CTEs) that
/// changes the hold, the account and the ledger together, so the client's row — which every message of
/// that client touches — stays locked only for that statement and the commit. Money moves only through
/// conditional updates, so concurrent and repeated calls for one message settle its hold exactly once,
/// and <c>available + held = topped_up − captured</c> holds at every commit.
/// </summary>
public sealed class CreditLedger(SmsDbContext db, IOptions<PricingOptions> pricing, TimeProvider clock)
{
    /// <summary>What <paramref name="segments"/> to <paramref name="to"/> cost: the one price of a message, for both paths.</summary>
    public decimal Price(int segments, string to) => pricing.Value.PriceOf(segments, RecipientNumbers.CallingCode(to));

    /// <summary>
    /// Prices a message to <paramref name="to"/> and reserves that much under <paramref name="holdId"/> (the bus path:
    /// <see cref="Intake.SendSmsConsumer"/>, and <see cref="HoldCreditConsumer"/> for the saga's own requests), unless the
    /// recipient opted out of this client's messages (rejected: <c>opted_out</c>, nothing charged). A repeat returns the
    /// first outcome (held or rejected) without moving money again; two racing first calls collide on the hold's primary
    /// key, the loser's statement (debit included) is rolled back, and its retry finds the winner's hold. Runs in the
    /// context's transaction when it has one. <paramref name="alsoWhenHeld"/>: statements that run in the same batch and
    /// commit, written to take effect only <see cref="WhenHeld"/> (the first call only: a repeat runs nothing).
    /// </summary>
    public async Task<HoldOutcome> HoldAsync(Guid holdId, Guid messageId, string clientId, string to, int segments,
        CancellationToken cancellationToken, IEnumerable<NpgsqlBatchCommand>? alsoWhenHeld = null)
    {
        var existing = await db.CreditHolds.AsNoTracking().SingleOrDefaultAsync(h => h.HoldId == holdId, cancellationToken);
        if (existing is not null)
            return Outcome(existing.Status, existing.Amount, existing.Reason);

        var command = HoldCommand(holdId, messageId, clientId, to, Price(segments, to), recordRejection: true);
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var hold = (await RunAsync((NpgsqlConnection)db.Database.GetDbConnection(),
                db.Database.CurrentTransaction?.GetDbTransaction() as NpgsqlTransaction, [command, .. alsoWhenHeld ?? []],
                cancellationToken))[0];
            return Outcome(hold.Status, hold.Amount, hold.Reason);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// SQL true once the hold named <c>@hold_id</c> (<see cref="WhenHeldParameters"/>) is held: the condition of the writes
    /// that run in a hold's batch and must not outlive a refused hold.
    /// </summary>
    public const string WhenHeld = "EXISTS (SELECT 1 FROM credit_holds WHERE hold_id = @hold_id AND status = 'held')";

    /// <summary><see cref="WhenHeld"/>'s parameter, made afresh for each statement.</summary>
    public static NpgsqlParameter[] WhenHeldParameters(Guid holdId) => [new("hold_id", holdId)];

    /// <summary>
    /// The hold as one statement, for both paths: the bus path's <see cref="HoldAsync"/>, and the HTTP path, which runs it
    /// in a batch with its own writes. Returns one row: status, amount, reason. A hold id that exists already fails it with
    /// a unique violation. Without <paramref name="recordRejection"/> (the HTTP API, which answers a refusal at once) a
    /// refusal leaves no row, so the same request can succeed after a top-up.
    /// </summary>
    public NpgsqlBatchCommand HoldCommand(Guid holdId, Guid messageId, string clientId, string to, decimal amount, bool recordRejection)
    {
        var command = new NpgsqlBatchCommand(HoldStatement);
        command.Parameters.AddRange(new NpgsqlParameter[]
        {
            new("hold_id", holdId), new("message_id", messageId), new("client_id", clientId), new("to", to),
            new("amount", amount), new("now", clock.GetUtcNow()), new("record_rejection", recordRejection),
        });
        return command;
    }

    const string HoldStatement = """
        WITH opted_out AS (
            SELECT 1 FROM opt_outs WHERE client_id = @client_id AND number = @to),
        debit AS (
            UPDATE clients SET available = available - @amount, held = held + @amount
            WHERE id = @client_id AND available >= @amount AND NOT EXISTS (SELECT 1 FROM opted_out)
            RETURNING id),
        decision AS (
            SELECT CASE WHEN EXISTS (SELECT 1 FROM debit) THEN 'held' ELSE 'rejected' END AS status,
                   CASE WHEN EXISTS (SELECT 1 FROM debit) THEN @amount ELSE 0 END AS amount,
                   CASE WHEN EXISTS (SELECT 1 FROM debit) THEN NULL
                        WHEN NOT EXISTS (SELECT 1 FROM clients WHERE id = @client_id) THEN 'unknown_client'
                        WHEN EXISTS (SELECT 1 FROM opted_out) THEN 'opted_out'
                        ELSE 'insufficient_credit' END AS reason),
        hold AS (
            INSERT INTO credit_holds (hold_id, message_id, client_id, amount, status, reason, created_at)
            SELECT @hold_id, @message_id, @client_id, amount, status, reason, @now FROM decision
            WHERE status = 'held' OR @record_rejection),
        entry AS (
            INSERT INTO ledger_entries (client_id, message_id, hold_id, kind, amount, at)
            SELECT @client_id, @message_id, @hold_id, 'hold', @amount, @now FROM debit)
        SELECT status AS "Status", amount AS "Amount", reason AS "Reason" FROM decision
        """;

    /// <summary>
    /// Runs hold statements (each followed by the writes that depend on it) as one batch on <paramref name="connection"/>,
    /// in <paramref name="transaction"/> or else as one implicit transaction, and returns each hold's row, in order.
    /// </summary>
    public static async Task<List<HoldRow>> RunAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction,
        IEnumerable<NpgsqlBatchCommand> statements, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var statement in statements)
            batch.BatchCommands.Add(statement);
        var holds = new List<HoldRow>();
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        do
        {
            // Only the hold statements return rows; reading every result surfaces the writes' errors too.
            while (await reader.ReadAsync(cancellationToken))
                holds.Add(new HoldRow(reader.GetString(0), reader.GetDecimal(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
        }
        while (await reader.NextResultAsync(cancellationToken));
        return holds;
    }

    /// <summary>Adds credit to a client's account.</summary>
    public async Task TopUpAsync(string clientId, decimal amount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amount);
        var updated = await db.Database.ExecuteSqlAsync($"""
            WITH account AS (
                UPDATE clients SET available = available + {amount}, topped_up = topped_up + {amount}
                WHERE id = {clientId} RETURNING id)
            INSERT INTO ledger_entries (client_id, message_id, kind, amount, at)
            SELECT id, NULL, 'top_up', {amount}, {clock.GetUtcNow()} FROM account
            """, cancellationToken);
        if (updated == 0)
            throw new InvalidOperationException($"There is no client '{clientId}'.");
    }

    /// <summary>
    /// Captures (<see cref="HoldStatus.Captured"/>) or releases (<see cref="HoldStatus.Released"/>) every hold of
    /// <paramref name="holdIds"/> that is still open, in one statement, and returns how many it settled: each hold and its
    /// ledger entry, and one update per client for the sum of that client's holds.
    /// </summary>
    /// <remarks>
    /// Holds and then clients are locked in id order, so two batches that share rows wait for each other instead of
    /// deadlocking. The lock on a hold serialises a racing capture and release: the second re-reads the row once the
    /// first commits, finds it no longer 'held', and settles nothing.
    /// </remarks>
    public async Task<int> SettleAsync(IReadOnlyCollection<Guid> holdIds, string status, CancellationToken cancellationToken)
    {
        var kind = status == HoldStatus.Captured ? "capture" : "release";
        var ids = holdIds.Distinct().ToArray();
        var now = clock.GetUtcNow();
        var settled = await db.Database.SqlQuery<int>($"""
            WITH open AS (
                SELECT hold_id FROM credit_holds WHERE hold_id = ANY({ids}) AND status = 'held' ORDER BY hold_id FOR UPDATE),
            settled AS (
                UPDATE credit_holds h SET status = {status}, settled_at = {now}
                FROM open o WHERE h.hold_id = o.hold_id AND h.status = 'held'
                RETURNING h.client_id, h.message_id, h.hold_id, h.amount),
            per_client AS (
                SELECT client_id, sum(amount) AS amount FROM settled GROUP BY client_id),
            locked AS (
                SELECT id FROM clients WHERE id IN (SELECT client_id FROM per_client) ORDER BY id FOR UPDATE),
            account AS (
                UPDATE clients c
                SET held = c.held - p.amount,
                    captured = c.captured + CASE WHEN {status} = 'captured' THEN p.amount ELSE 0 END,
                    available = c.available + CASE WHEN {status} = 'released' THEN p.amount ELSE 0 END
                FROM per_client p JOIN locked l ON l.id = p.client_id WHERE c.id = p.client_id),
            entry AS (
                INSERT INTO ledger_entries (client_id, message_id, hold_id, kind, amount, at)
                SELECT client_id, message_id, hold_id, {kind}, amount, {now} FROM settled)
            SELECT count(*)::int AS "Value" FROM settled
            """).ToListAsync(cancellationToken);
        return settled[0];
    }

    static HoldOutcome Outcome(string status, decimal amount, string? reason) =>
        status == HoldStatus.Rejected ? new HoldOutcome(false, 0, reason) : new HoldOutcome(true, amount, null);

    public sealed record HoldRow(string Status, decimal Amount, string? Reason);
}
