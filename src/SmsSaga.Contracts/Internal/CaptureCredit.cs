namespace SmsSaga.Contracts.Internal;

/// <summary>Turn the message's hold into a charge. Idempotent: a hold is settled once.</summary>
public record CaptureCredit(Guid MessageId);
