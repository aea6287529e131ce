namespace SmsSaga.Components.Credits;

/// <summary>The answer to a hold request: held (with the amount) or rejected (with a reason code).</summary>
public sealed record HoldOutcome(bool Held, decimal Amount, string? RejectionReason);
