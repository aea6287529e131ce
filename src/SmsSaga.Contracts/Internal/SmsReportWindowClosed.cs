namespace SmsSaga.Contracts.Internal;

/// <summary>A Sent message has had no delivery report within Sms:DeliveryReportWindow.</summary>
public record SmsReportWindowClosed(Guid MessageId);
