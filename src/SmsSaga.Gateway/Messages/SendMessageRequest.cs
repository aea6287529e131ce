namespace SmsSaga.Gateway.Messages;

/// <summary>The body of <c>POST /v1/messages</c> (and each item of a batch).</summary>
/// <param name="To">Recipient in international form; normalised to E.164.</param>
/// <param name="Text">The message; at most the configured number of segments (10).</param>
/// <param name="From">Sender id shown on the handset (at most 16 characters).</param>
/// <param name="Reference">Your reference, echoed on events and callbacks.</param>
/// <param name="SendAt">Not before this instant: the message waits in Scheduled and can be canceled until then.</param>
/// <param name="Category">transactional (default) or marketing (only inside the recipient's send window).</param>
/// <param name="CallbackUrl">Where status callbacks for this message go (otherwise the client's default).</param>
/// <param name="TimeZone">IANA time zone of the recipient; otherwise taken from the number.</param>
/// <param name="IdempotencyKey">Batch items only: the item's own key (otherwise derived from the batch's Idempotency-Key).</param>
public sealed record SendMessageRequest(
    string? To,
    string? Text,
    string? From = null,
    string? Reference = null,
    DateTimeOffset? SendAt = null,
    string? Category = null,
    string? CallbackUrl = null,
    string? TimeZone = null,
    string? IdempotencyKey = null);
