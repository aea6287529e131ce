namespace SmsSaga.Contracts;

/// <summary>The provider accepted the message for delivery.</summary>
public record SmsSent(
    Guid MessageId,
    string ClientId,
    string IdempotencyKey,
    string? Reference,
    int Segments,
    string? ProviderMessageId,
    DateTimeOffset Timestamp);
