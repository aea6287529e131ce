using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmsSaga.Components.Credits;
using SmsSaga.Components.Messages;
using SmsSaga.Components.Platform.Persistence;
using SmsSaga.Components.Platform.Telemetry;

namespace SmsSaga.Components.Reconciliation;

/// <summary>
/// Settles the credit holds that nothing else will, so no hold stays held for ever whatever went wrong: a hold whose
/// message has no row (its saga's insert failed for good: the request sits in <c>sms-state_error</c>), a hold the message
/// no longer names (an earlier hold of a replayed message), and the hold of a message that ended without its capture or
/// release being made (the settlement dead-lettered, or lost with a broker). Each is settled as the message's state says:
/// captured for Delivered, or a Sent message whose report window closed; released for everything else. Only holds open
/// longer than <see cref="ReconciliationOptions.Grace"/>, of messages unchanged for as long, are touched: the saga's own
/// settlement is seconds behind its state.
/// </summary>
/// <remarks>
/// Safe with any number of gateways: the settlement is <see cref="CreditLedger.SettleAsync"/>'s conditional update, so a
/// hold the saga (or another sweep) settles at the same moment is settled once. A message that comes back after its hold
/// was released (a request replayed from <c>sms-state_error</c> by hand) is not charged: its capture finds the hold
/// released and moves nothing.
/// </remarks>
public sealed class HoldReconciliation(SmsDbContext db, CreditLedger ledger, IOptions<ReconciliationOptions> options, TimeProvider clock,
    ILogger<HoldReconciliation> logger)
{
    const int BatchSize = 500;

    /// <summary>One pass over every hold that is due; returns how many it captured and released.</summary>
    public async Task<(int Captured, int Released)> RunOnceAsync(CancellationToken cancellationToken)
    {
        var before = clock.GetUtcNow() - options.Value.Grace;
        int captured = 0, released = 0;
        List<Unsettled> due;
        do
        {
            due = await db.Database.SqlQuery<Unsettled>($"""
                SELECT h.hold_id AS "HoldId", h.message_id AS "MessageId", m.state AS "State",
                       CASE WHEN m.hold_id = h.hold_id AND (m.state = {SmsStates.Delivered} OR (m.state = {SmsStates.Sent} AND m.report_window_closed))
                            THEN {HoldStatus.Captured} ELSE {HoldStatus.Released} END AS "Settle"
                FROM credit_holds h LEFT JOIN sms m ON m.id = h.message_id
                WHERE h.status = {HoldStatus.Held} AND h.created_at < {before}
                  AND (m.id IS NULL
                       OR m.hold_id <> h.hold_id
                       OR (m.updated_at < {before}
                           AND (m.state IN ({SmsStates.Delivered}, {SmsStates.Failed}, {SmsStates.Canceled})
                                OR (m.state = {SmsStates.Sent} AND m.report_window_closed))))
                ORDER BY h.created_at
                LIMIT {BatchSize}
                """).ToListAsync(cancellationToken);

            foreach (var group in due.GroupBy(d => d.Settle))
            {
                var settled = await ledger.SettleAsync(group.Select(d => d.HoldId).ToList(), group.Key, cancellationToken);
                if (group.Key == HoldStatus.Captured)
                    captured += settled;
                else
                    released += settled;
                foreach (var hold in group)
                    logger.LogWarning("Reconciliation {Settle} hold {HoldId} of message {MessageId} ({State})", group.Key, hold.HoldId,
                        hold.MessageId, hold.State ?? "no message");
            }
        }
        while (due.Count == BatchSize);

        SmsMetrics.HoldsReconciled(captured, released);
        return (captured, released);
    }

    public sealed record Unsettled(Guid HoldId, Guid MessageId, string? State, string Settle);
}
