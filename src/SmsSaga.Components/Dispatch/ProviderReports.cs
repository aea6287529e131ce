using Microsoft.EntityFrameworkCore;
using SmsSaga.Components.Platform.Outbox;
using SmsSaga.Components.Platform.Persistence;
using SmsSaga.Contracts.Internal;

namespace SmsSaga.Components.Dispatch;

/// <summary>
/// Delivery reports that came in over HTTP. Each is stored first, so none is dropped; it is matched to its message by
/// the provider's message id among the attempts handed to that provider (a provider's key settles only its own
/// messages: ids of two providers may collide, and one provider must not report on another's) and handed to the
/// saga as <see cref="DeliveryReported"/> through the bus outbox, in the same transaction that marks it matched. An
/// attempt's answer is recorded before the saga hears of it, so whatever the saga knows as sent can be matched.
/// A report that beats the submit acknowledgement stays pending and <see cref="ProviderReportMatcher"/> tries it again.
/// </summary>
public sealed class ProviderReports(SmsDbContext db, BusOutbox outbox, TimeProvider clock)
{
    /// <summary>Stores a report and matches it at once when its message is known. Runs in the caller's transaction.</summary>
    public async Task<ProviderReport> ReceiveAsync(string provider, string providerMessageId, bool delivered, string code,
        CancellationToken cancellationToken)
    {
        var report = new ProviderReport
        {
            Provider = provider,
            ProviderMessageId = providerMessageId,
            Delivered = delivered,
            Code = code,
            ReceivedAt = clock.GetUtcNow(),
        };
        db.ProviderReports.Add(report);
        await TryMatchAsync(report, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return report;
    }

    /// <summary>Finds the report's message and publishes it to the saga; false when the message is not known yet.</summary>
    public async Task<bool> TryMatchAsync(ProviderReport report, CancellationToken cancellationToken)
    {
        var messageId = await db.ProviderAttempts.AsNoTracking()
            .Where(a => a.ProviderMessageId == report.ProviderMessageId && a.Provider == report.Provider)
            .Select(a => (Guid?)a.MessageId).FirstOrDefaultAsync(cancellationToken);
        if (messageId is null)
            return false;

        report.MessageId = messageId;
        report.MatchedAt = clock.GetUtcNow();
        await outbox.Publisher.Publish(new DeliveryReported(messageId.Value, report.ProviderMessageId, report.Delivered, report.Code,
            report.ReceivedAt), cancellationToken);
        return true;
    }
}
