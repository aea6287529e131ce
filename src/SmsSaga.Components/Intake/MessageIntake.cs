using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Npgsql;
using SmsSaga.Components.Callbacks;
using SmsSaga.Components.Credits;
using SmsSaga.Components.Idempotency;
using SmsSaga.Components.Messages;
using SmsSaga.Components.Platform.Outbox;
using SmsSaga.Components.Platform.Persistence;
using SmsSaga.Contracts;
using SmsSaga.Contracts.Internal;

namespace SmsSaga.Components.Intake;

/// <summary>
/// The HTTP API's way in: validates a request, holds its credit at once (so the client hears about a refusal in the
/// response) and hands the message to the saga through the bus outbox. The hold, the message's first row
/// (<see cref="FirstRowStatements"/>), the outgoing <c>SmsRequested</c>, the callback URL and the idempotency record are
/// one list of statements, sent in one round trip and committed together
/// with those of the other requests that came in at the same time (<see cref="HoldGroups"/>): the client's row, which
/// every hold of that client updates, stays locked only while the database runs the group and commits, never while a
/// response travels back to the gateway. The <c>SmsRequested</c> says the message is held and for how much, so the saga
/// starts from this hold and asks for none of its own.
/// </summary>
public sealed class MessageIntake(
    SmsDbContext db,
    IBus bus,
    IServiceProvider services,
    IOptions<SmsOptions> options,
    CreditLedger ledger,
    HoldGroups groups,
    SmsStateMachine machine,
    CallbackDestinations destinations,
    TimeProvider clock)
{
    /// <param name="recordOf">
    /// The idempotency record to store with an accepted message, given what the response will say; null stores none.
    /// </param>
    public async Task<IntakeResult> AcceptAsync(SendSms request, string? callbackUrl, Func<IntakeResult, IdempotentRequest?>? recordOf,
        CancellationToken cancellationToken)
    {
        var requested = SmsRequestValidator.Validate(request, options.Value, clock.GetUtcNow(), out var errors);
        if (callbackUrl is not null && !IsCallbackUrl(callbackUrl))
            errors["callbackUrl"] = ["an absolute http or https URL of at most 2048 characters"];
        if (errors.Count > 0)
            return new IntakeResult(Guid.Empty, IntakeResult.Invalid, null, 0, null, 0, false, errors);
        if (callbackUrl is not null && await destinations.RefusalAsync(new Uri(callbackUrl), cancellationToken) is not null)
            return new IntakeResult(Guid.Empty, IntakeResult.Refused, null, 0, null, 0, false, RefusalReason: CallbackDestinations.NotAllowed);

        // The same client and key is the same message, whichever way (bus or HTTP) it came first; the same key for
        // another message is refused.
        if (await Existing(requested, cancellationToken) is { } existing)
            return existing;

        var amount = ledger.Price(requested.Segments, requested.To);
        // The saga starts from this hold: it does not ask for one of its own.
        requested = requested with
        {
            HeldAmount = amount,
            Notify = callbackUrl is not null || await ClientHasCallbackUrl(db, requested.ClientId, cancellationToken),
        };
        // The message's first row, written with the hold: it reads and cancels as the saga's own from this commit on.
        var firstRow = machine.FirstRow(requested);
        var accepted = new IntakeResult(requested.MessageId, firstRow.CurrentState, requested.To, requested.Segments, requested.Encoding,
            amount, false);
        var outbox = new OutboxCapture(bus, services);
        await outbox.Publisher.Publish(requested, cancellationToken);

        // In the caller's transaction a failed statement would abort it: a savepoint keeps it usable for the look-up below.
        var transaction = db.Database.CurrentTransaction;
        if (transaction is not null)
            await transaction.CreateSavepointAsync(HoldSavepoint, cancellationToken);
        try
        {
            var hold = await RunBatch(requested, firstRow, amount, outbox, callbackUrl, recordOf?.Invoke(accepted), cancellationToken);
            return hold.Status == HoldStatus.Held
                ? accepted
                : accepted with { Status = IntakeResult.Refused, Cost = 0, RefusalReason = hold.Reason };
        }
        catch (PostgresException e) when (e is { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "PK_credit_holds" })
        {
            // The same message came in by the other path (the bus) or a concurrent request since the look-up above, and its
            // credit was held (or refused) there.
            if (transaction is not null)
                await transaction.RollbackToSavepointAsync(HoldSavepoint, cancellationToken);
            var held = await db.CreditHolds.AsNoTracking().Where(h => h.HoldId == requested.MessageId).Select(h => h.Amount)
                .SingleAsync(cancellationToken);
            return await Existing(requested, cancellationToken) ?? accepted with { Cost = held, Existing = true };
        }
    }

    const string HoldSavepoint = "intake_hold";

    /// <summary>
    /// The message this client and key already name, or null. A message with another recipient, text, sender or reference
    /// is not the one asked for: refused with <c>idempotency_key_reused</c>.
    /// </summary>
    async Task<IntakeResult?> Existing(SmsRequested requested, CancellationToken cancellationToken)
    {
        var found = await db.Messages.AsNoTracking()
            .Where(m => m.CorrelationId == requested.MessageId)
            .Select(m => new { Result = new IntakeResult(m.CorrelationId, m.CurrentState, m.To, m.Segments, m.Encoding, m.Cost ?? 0, true, null, null),
                m.Text, m.SenderId, m.Reference })
            .SingleOrDefaultAsync(cancellationToken);
        if (found is null)
            return null;
        return found.Result.To == requested.To && found.Text == requested.Text && found.SenderId == requested.SenderId
               && found.Reference == requested.Reference
            ? found.Result
            : found.Result with { Status = IntakeResult.Refused, Cost = 0, Existing = false, RefusalReason = KeyReused };
    }

    /// <summary>
    /// Whether the client has a default callback URL now: a message accepted without a URL of its own notifies only then
    /// (<see cref="SmsRequested.Notify"/>).
    /// </summary>
    public static async Task<bool> ClientHasCallbackUrl(SmsDbContext db, string clientId, CancellationToken cancellationToken) =>
        await db.Database.SqlQuery<bool>($"""
            SELECT EXISTS (SELECT 1 FROM clients WHERE id = {clientId} AND callback_url IS NOT NULL) AS "Value"
            """).SingleAsync(cancellationToken);

    /// <summary>The refusal of a key already used for another message.</summary>
    public const string KeyReused = "idempotency_key_reused";

    /// <summary>
    /// The hold, then the outbox, the callback URL and the idempotency record, each written only if the hold was made: in
    /// the caller's transaction when there is one, otherwise in the client's next hold group (<see cref="HoldGroups"/>).
    /// </summary>
    async Task<CreditLedger.HoldRow> RunBatch(SmsRequested requested, SmsState firstRow, decimal amount, OutboxCapture outbox,
        string? callbackUrl, IdempotentRequest? record, CancellationToken cancellationToken)
    {
        IEnumerable<NpgsqlBatchCommand> Statements()
        {
            const string whenHeld = CreditLedger.WhenHeld;
            NpgsqlParameter[] HoldId() => CreditLedger.WhenHeldParameters(requested.MessageId);

            yield return ledger.HoldCommand(requested.MessageId, requested.MessageId, requested.ClientId, requested.To, amount,
                recordRejection: false);
            foreach (var command in FirstRowStatements.For(db, firstRow))
                yield return command;
            foreach (var command in outbox.InsertCommands(whenHeld, HoldId))
                yield return command;
            if (callbackUrl is not null)
                yield return Command($"INSERT INTO message_callbacks (message_id, url) SELECT @hold_id, @url WHERE {whenHeld}",
                    [.. HoldId(), new("url", callbackUrl)]);
            if (record is not null)
                yield return Command($"""
                    INSERT INTO idempotent_requests (client_id, key, operation, request_hash, status_code, response_body, created_at)
                    SELECT @client_id, @key, @operation, @request_hash, @status_code, @response_body, @created_at WHERE {whenHeld}
                    """, [.. HoldId(), new("client_id", record.ClientId), new("key", record.Key), new("operation", record.Operation),
                    new("request_hash", record.RequestHash), new("status_code", record.StatusCode),
                    new("response_body", record.ResponseBody), new("created_at", record.CreatedAt)]);
        }

        if (db.Database.CurrentTransaction is not { } transaction)
            return await groups.RunAsync(requested.ClientId, Statements).WaitAsync(cancellationToken);
        var holds = await CreditLedger.RunAsync((NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction)transaction.GetDbTransaction(),
            Statements(), cancellationToken);
        return holds[0];
    }

    static NpgsqlBatchCommand Command(string sql, NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }

    public static bool IsCallbackUrl(string url) =>
        url.Length <= 2048 && !SmsRequestValidator.IsUnfit(url) && Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";
}
