namespace SmsSaga.Components.Support;

/// <summary>One message as the API shows it: state, attempts, credit and the full timeline. No message text.</summary>
public sealed record MessageDetails(
    Guid Id,
    string ClientId,
    string Status,
    string? Reason,
    string? Detail,
    string To,
    string? From,
    string? Reference,
    string Category,
    int Segments,
    string Encoding,
    DateTimeOffset? SendAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int Attempts,
    string? ProviderMessageId,
    string? ProviderCode,
    decimal Cost,
    string Credit,
    IReadOnlyList<TimelineEntry> Timeline,
    IReadOnlyList<ProviderAttemptView> ProviderAttempts);
