namespace SmsSaga.Contracts;

/// <summary>The handset received the message (a delivery report said so). Terminal.</summary>
public record SmsDelivered(
    Guid MessageId,
    string ClientId,
    string IdempotencyKey,
    string? Reference,
    int Segments,
    DateTimeOffset Timestamp);
