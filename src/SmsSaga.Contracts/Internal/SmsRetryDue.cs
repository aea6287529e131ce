namespace SmsSaga.Contracts.Internal;

/// <summary>Scheduled by the saga after a transient provider refusal: time for the next attempt.</summary>
public record SmsRetryDue(Guid MessageId);
