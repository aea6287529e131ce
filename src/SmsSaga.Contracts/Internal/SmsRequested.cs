namespace SmsSaga.Contracts.Internal;

/// <summary>
/// A validated request, ready to become a message saga: the recipient normalised to E.164 and the text
/// priced in segments. Published by the ingest consumer (bus) and by the HTTP API.
/// </summary>
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
    string[]? TimeZones = null);
