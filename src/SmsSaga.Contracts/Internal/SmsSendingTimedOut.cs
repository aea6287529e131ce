namespace SmsSaga.Contracts.Internal;

/// <summary>
/// Attempt <see cref="AttemptId"/> has been in Sending longer than Sms:SendingTimeout without an answer from the provider
/// (published by the deadline sweep). A time-out for an attempt that is no longer the current one changes nothing; null
/// (a timer set before 2026-12-02) means the current one.
/// </summary>
public record SmsSendingTimedOut(Guid MessageId, Guid? AttemptId = null);
