using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmsSaga.Components.Callbacks;
using SmsSaga.Components.Credits;
using SmsSaga.Components.Messaging;
using SmsSaga.Components.Persistence;
using SmsSaga.Components.Persistence.Outbox;
using SmsSaga.Components.StateMachines;
using SmsSaga.Contracts;

namespace SmsSaga.Components.Requests;

/// <summary>
/// The HTTP API's way in: validates a request, holds its credit at once (so the client hears about a refusal in the
/// response) and hands the message to the saga through the bus outbox. Runs inside the caller's transaction, so the
/// hold, the outgoing <c>SmsRequested</c> and the idempotency record commit together or not at all. The saga's own
/// hold request later finds this hold and changes nothing.
/// </summary>
public sealed class MessageIntake(
    SmsDbContext db,
    CreditLedger ledger,
    BusOutbox outbox,
    IOptions<SmsOptions> options,
    IOptions<PricingOptions> pricing,
    TimeProvider clock)
{
    public async Task<IntakeResult> AcceptAsync(SendSms request, string? callbackUrl, CancellationToken cancellationToken)
    {
        var requested = SmsRequestValidator.Validate(request, options.Value, clock.GetUtcNow(), out var errors);
        if (callbackUrl is not null && !IsCallbackUrl(callbackUrl))
            errors["callbackUrl"] = ["an absolute http or https URL of at most 2048 characters"];
        if (errors.Count > 0)
            return new IntakeResult(Guid.Empty, "Invalid", null, 0, null, 0, false, errors);

        // The same client and key is the same message, whichever way (bus or HTTP) it came first.
        var existing = await db.Messages.AsNoTracking()
            .Where(m => m.CorrelationId == requested.MessageId)
            .Select(m => new { m.CurrentState, m.To, m.Segments, m.Encoding, m.Cost })
            .SingleOrDefaultAsync(cancellationToken);
        if (existing is not null)
            return new IntakeResult(requested.MessageId, existing.CurrentState, existing.To, existing.Segments, existing.Encoding,
                existing.Cost ?? 0, true);

        var amount = pricing.Value.PriceOf(requested.Segments, RecipientNumbers.CallingCode(requested.To));
        var hold = await ledger.HoldAsync(requested.MessageId, requested.MessageId, requested.ClientId, requested.To, amount,
            cancellationToken, recordRejection: false);
        if (!hold.Held)
            return new IntakeResult(requested.MessageId, "Refused", requested.To, requested.Segments, requested.Encoding, 0, false,
                RefusalReason: hold.RejectionReason);

        if (callbackUrl is not null)
            db.MessageCallbacks.Add(new MessageCallback { MessageId = requested.MessageId, Url = callbackUrl });
        await outbox.Publisher.Publish(requested, cancellationToken);
        return new IntakeResult(requested.MessageId, requested.SendAt is null ? "Queued" : "Scheduled", requested.To,
            requested.Segments, requested.Encoding, hold.Amount, false);
    }

    public static bool IsCallbackUrl(string url) =>
        url.Length <= 2048 && Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";
}
