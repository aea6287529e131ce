using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmsSaga.Components.Messages;
using SmsSaga.Components.Platform.Persistence;

namespace SmsSaga.Components.Reconciliation;

/// <summary>
/// The messages that made no progress past the point where they should have, for support (<c>GET
/// /v1/admin/messages/stuck</c>) and the <c>smssaga.sms.stuck</c> gauge. Each has been unchanged for
/// <see cref="ReconciliationOptions.StuckAfter"/> beyond what its state allows:
/// <list type="bullet">
/// <item><c>no_timer</c>: Scheduled with no send-time timer (the timer is set when the saga takes the row over).</item>
/// <item><c>send_time_passed</c>: Scheduled, and its send time is past.</item>
/// <item><c>not_sent</c>: Queued with no retry waiting (a Queued message goes Sending at once).</item>
/// <item><c>retry_overdue</c>: Queued for a retry, longer than the longest backoff.</item>
/// <item><c>no_answer</c>: Sending, beyond the Sending time-out that the deadline sweep acts on.</item>
/// </list>
/// Reads only; nothing here changes a message. A message whose request never got a row is in <c>sms-state_error</c>
/// instead, and its hold is released by <see cref="HoldReconciliation"/>.
/// </summary>
public sealed class StuckMessages(SmsDbContext db, IOptions<ReconciliationOptions> options, IOptions<SmsOptions> sms, TimeProvider clock)
{
    public async Task<List<StuckMessage>> ListAsync(int limit, CancellationToken cancellationToken) =>
        await Stuck().OrderBy(m => m.Since).Take(Math.Clamp(limit, 1, 1000)).ToListAsync(cancellationToken);

    public Task<int> CountAsync(CancellationToken cancellationToken) => Stuck().CountAsync(cancellationToken);

    IQueryable<StuckMessage> Stuck()
    {
        var now = clock.GetUtcNow();
        var quiet = now - options.Value.StuckAfter;
        var retryQuiet = quiet - sms.Value.RetryMaxDelay;
        var sendingQuiet = quiet - sms.Value.SendingTimeout;
        return db.Database.SqlQuery<StuckMessage>($"""
            SELECT id AS "Id", client_id AS "ClientId", state AS "State", reason AS "Reason", updated_at AS "Since",
                   CASE WHEN state = {SmsStates.Scheduled} AND send_time_token IS NULL THEN 'no_timer'
                        WHEN state = {SmsStates.Scheduled} THEN 'send_time_passed'
                        WHEN state = {SmsStates.Queued} AND retry_token IS NULL THEN 'not_sent'
                        WHEN state = {SmsStates.Queued} THEN 'retry_overdue'
                        ELSE 'no_answer' END AS "Why"
            FROM sms
            WHERE (state = {SmsStates.Scheduled} AND updated_at < {quiet} AND (send_time_token IS NULL OR send_at < {quiet}))
               OR (state = {SmsStates.Queued} AND retry_token IS NULL AND updated_at < {quiet})
               OR (state = {SmsStates.Queued} AND retry_token IS NOT NULL AND updated_at < {retryQuiet})
               OR (state = {SmsStates.Sending} AND updated_at < {sendingQuiet})
            """);
    }
}

/// <summary>A message that stopped moving: since when, and what it waits for that did not come.</summary>
public sealed record StuckMessage(Guid Id, string ClientId, string State, string? Reason, DateTimeOffset Since, string Why);
