namespace SmsSaga.Components.Support;

/// <summary>One attempt handed to the provider and its answer.</summary>
public sealed record ProviderAttemptView(int Attempt, string Status, string? ProviderMessageId, string? Code, bool Permanent,
    DateTimeOffset CreatedAt, DateTimeOffset? AnsweredAt);
