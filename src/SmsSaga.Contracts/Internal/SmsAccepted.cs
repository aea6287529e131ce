namespace SmsSaga.Contracts.Internal;

/// <summary>The provider acknowledged the submission of one attempt.</summary>
public record SmsAccepted(Guid MessageId, Guid AttemptId, string ProviderMessageId);
