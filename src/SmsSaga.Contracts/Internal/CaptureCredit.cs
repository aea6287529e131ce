namespace SmsSaga.Contracts.Internal;

/// <summary>Turn a hold into a charge. Idempotent: a hold is settled once.</summary>
public record CaptureCredit(Guid MessageId, Guid HoldId);
