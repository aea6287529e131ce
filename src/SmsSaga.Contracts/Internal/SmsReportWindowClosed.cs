namespace SmsSaga.Contracts.Internal;

/// <summary>
/// A Sent message (attempt <see cref="AttemptId"/>) has had no delivery report within Sms:DeliveryReportWindow (published
/// by the deadline sweep). Null (a timer set before 2026-12-02) means the current attempt.
/// </summary>
public record SmsReportWindowClosed(Guid MessageId, Guid? AttemptId = null);
