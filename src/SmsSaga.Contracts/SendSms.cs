namespace SmsSaga.Contracts;

/// <summary>
/// Asks the gateway to send one SMS. The same (ClientId, IdempotencyKey) always names the same message:
/// a duplicate changes nothing, whenever it arrives.
/// </summary>
/// <param name="ClientId">The paying client, e.g. "demo".</param>
/// <param name="IdempotencyKey">Chosen by the client, unique per message it means to send (up to 255 characters).</param>
/// <param name="To">Recipient phone number, preferably E.164 ("+447911123456").</param>
/// <param name="Text">Message body.</param>
/// <param name="SenderId">Optional sender id shown on the handset.</param>
/// <param name="Reference">Optional client reference, echoed on every event.</param>
/// <param name="SendAt">Optional: not before this instant. The message waits in Scheduled and can be canceled until then.</param>
/// <param name="Category">Optional: "transactional" (default) or "marketing". Marketing messages go out only inside the
/// client's send window in the recipient's local time.</param>
/// <param name="TimeZone">Optional IANA time zone of the recipient ("Europe/London"); otherwise taken from the number.</param>
public record SendSms(
    string ClientId,
    string IdempotencyKey,
    string To,
    string Text,
    string? SenderId = null,
    string? Reference = null,
    DateTimeOffset? SendAt = null,
    string? Category = null,
    string? TimeZone = null);
