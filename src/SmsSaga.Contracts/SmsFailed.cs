namespace SmsSaga.Contracts;

/// <summary>
/// The message will not be delivered. Terminal. <see cref="ReasonCode"/> is one of <see cref="FailureReasons"/>
/// or a provider's own code.
/// </summary>
public record SmsFailed(
    Guid MessageId,
    string ClientId,
    string IdempotencyKey,
    string? Reference,
    int Segments,
    string ReasonCode,
    string? Detail,
    DateTimeOffset Timestamp);
