namespace SmsSaga.Contracts;

/// <summary>A scheduled message was canceled before it was sent; its credit is released. Terminal.</summary>
public record SmsCanceled(
    Guid MessageId,
    string ClientId,
    string IdempotencyKey,
    string? Reference,
    DateTimeOffset Timestamp);
