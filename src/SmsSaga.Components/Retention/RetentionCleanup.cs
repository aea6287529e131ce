using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmsSaga.Components.Messages;
using SmsSaga.Components.Platform.Hosting;
using SmsSaga.Components.Platform.Persistence;

namespace SmsSaga.Components.Retention;

/// <summary>
/// Keeps personal data only as long as <see cref="RetentionOptions"/> says: blanks the text and sender id and masks the
/// number of messages that ended <see cref="RetentionOptions.RedactAfter"/> ago (the row, its state, cost and reason
/// stay, for support and accounts), and deletes timelines, provider attempts, provider reports and callback attempts
/// past their own periods. Only ended messages are touched (Delivered, Failed, Canceled, or Sent with the report window
/// closed); a message in flight keeps everything. The ledger and opt-outs are kept: they are the accounts and the
/// recipients' own instructions. Rows are claimed with <c>FOR UPDATE SKIP LOCKED</c>, so every worker can run it.
/// </summary>
public sealed class RetentionCleanup(IServiceScopeFactory scopes, IOptions<RetentionOptions> options, TimeProvider clock,
    ILogger<RetentionCleanup> logger) : PeriodicCleanup(clock, logger)
{
    protected override TimeSpan Interval => options.Value.Interval;

    public override async Task<int> CleanOnce(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var batch = settings.BatchSize;
        var now = Clock.GetUtcNow();
        var redactBefore = now - settings.RedactAfter;
        var historyBefore = now - settings.HistoryFor;
        var reportsBefore = now - settings.ProviderReportsFor;
        var callbacksBefore = now - settings.CallbackAttemptsFor;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SmsDbContext>();

        var redacted = await InBatches(batch, () => db.Database.ExecuteSqlRawAsync($$"""
            UPDATE sms SET text = '', sender_id = NULL, recipient = left(recipient, 4) || repeat('*', greatest(length(recipient) - 4, 0)),
                           redacted_at = {0}
            WHERE id IN (
                SELECT id FROM sms WHERE {{SmsStateMap.EndedUnredacted}} AND updated_at < {1}
                LIMIT {2} FOR UPDATE SKIP LOCKED)
            """, [now, redactBefore, batch], cancellationToken));
        var history = await InBatches(batch, () => db.Database.ExecuteSqlAsync($"""
            DELETE FROM sms_history WHERE id IN (
                SELECT h.id FROM sms_history h JOIN sms m ON m.id = h.message_id
                WHERE h.at < {historyBefore} AND m.updated_at < {historyBefore}
                  AND (m.state IN ({SmsStates.Delivered}, {SmsStates.Failed}, {SmsStates.Canceled}) OR (m.state = {SmsStates.Sent} AND m.report_window_closed))
                LIMIT {batch} FOR UPDATE OF h SKIP LOCKED)
            """, cancellationToken));
        var attempts = await InBatches(batch, () => db.Database.ExecuteSqlAsync($"""
            DELETE FROM provider_attempts WHERE attempt_id IN (
                SELECT a.attempt_id FROM provider_attempts a JOIN sms m ON m.id = a.message_id
                WHERE a.created_at < {historyBefore} AND m.updated_at < {historyBefore}
                  AND (m.state IN ({SmsStates.Delivered}, {SmsStates.Failed}, {SmsStates.Canceled}) OR (m.state = {SmsStates.Sent} AND m.report_window_closed))
                LIMIT {batch} FOR UPDATE OF a SKIP LOCKED)
            """, cancellationToken));
        var reports = await InBatches(batch, () => db.Database.ExecuteSqlAsync($"""
            DELETE FROM provider_reports WHERE id IN (
                SELECT id FROM provider_reports
                WHERE received_at < {reportsBefore} AND (matched_at IS NOT NULL OR expired_at IS NOT NULL)
                LIMIT {batch} FOR UPDATE SKIP LOCKED)
            """, cancellationToken));
        var callbacks = await InBatches(batch, () => db.Database.ExecuteSqlAsync($"""
            DELETE FROM callback_attempts WHERE id IN (
                SELECT id FROM callback_attempts WHERE at < {callbacksBefore} LIMIT {batch} FOR UPDATE SKIP LOCKED)
            """, cancellationToken));
        if (redacted + history + attempts + reports + callbacks > 0)
            logger.LogInformation("Retention: {Redacted} messages redacted; deleted {History} timeline entries, {Attempts} provider attempts, " +
                                  "{Reports} provider reports, {Callbacks} callback attempts", redacted, history, attempts, reports, callbacks);
        return redacted + history + attempts + reports + callbacks;
    }
}
