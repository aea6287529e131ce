namespace SmsSaga.Contracts.Internal;

/// <summary>Give a hold back to the client. Idempotent: a hold is settled once.</summary>
public record ReleaseCredit(Guid MessageId, Guid HoldId);
