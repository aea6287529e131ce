namespace SmsSaga.Contracts.Internal;

/// <summary>
/// A validated request, ready to become a message saga: the recipient normalised to E.164 and the text
/// priced in segments. Published by the ingest consumer (bus) and by the HTTP API.
/// </summary>
/// <param name="HeldAmount">
/// Set when the credit is already held under the message's id (the HTTP API holds before it answers, the bus's ingest
/// consumer before it hands the request on): the saga starts from that hold. Null — a refused hold — makes the saga ask
/// for the hold (<see cref="HoldCredit"/>) and so hear the refusal, recorded under the same id.
/// </param>
/// <param name="Notify">
/// Whether the client hears of the message's statuses over HTTP: the request named a callback URL, or the client has a
/// default one. Without it the saga sends no status to the callback endpoint at all.
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
    decimal? HeldAmount = null,
    bool Notify = true);
