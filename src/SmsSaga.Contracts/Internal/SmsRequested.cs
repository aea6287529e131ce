namespace SmsSaga.Contracts.Internal;

/// <summary>
/// A validated request, ready to become a message saga: the recipient normalised to E.164 and the text
/// priced in segments. Published by the ingest consumer (bus) and by the HTTP API.
/// </summary>
/// <param name="HeldAmount">
/// Set when the credit is already held under the message's id (the HTTP API holds before it answers): the saga starts
/// from that hold. Null (the bus path) makes the saga ask for the hold (<see cref="HoldCredit"/>).
/// </param>
public record SmsRequested(
    Guid MessageId,
    string ClientId,
    string IdempotencyKey,
    string To,
    string Text,
    string? SenderId,
    string? Reference,
    int Segments,
    string Encoding,
    DateTimeOffset? SendAt = null,
    string Category = "transactional",
    string[]? TimeZones = null,
    decimal? HeldAmount = null);
