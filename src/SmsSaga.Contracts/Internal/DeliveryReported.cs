namespace SmsSaga.Contracts.Internal;

/// <summary>A provider's delivery report for a message. May arrive before <see cref="SmsAccepted"/>.</summary>
public record DeliveryReported(Guid MessageId, string ProviderMessageId, bool Delivered, string ProviderCode, DateTimeOffset ReportedAt);
