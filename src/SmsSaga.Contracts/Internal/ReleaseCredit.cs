namespace SmsSaga.Contracts.Internal;

/// <summary>Give the message's hold back to the client. Idempotent: a hold is settled once.</summary>
public record ReleaseCredit(Guid MessageId);
