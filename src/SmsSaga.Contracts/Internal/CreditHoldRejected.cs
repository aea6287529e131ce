namespace SmsSaga.Contracts.Internal;

/// <summary>No hold was made; <see cref="ReasonCode"/> says why (insufficient_credit, unknown_client).</summary>
public record CreditHoldRejected(Guid MessageId, Guid HoldId, string ReasonCode);
