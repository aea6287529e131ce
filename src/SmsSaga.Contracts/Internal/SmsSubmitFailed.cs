namespace SmsSaga.Contracts.Internal;

/// <summary>The provider refused one attempt. A transient refusal may be retried; a permanent one may not.</summary>
public record SmsSubmitFailed(Guid MessageId, Guid AttemptId, string ProviderCode, bool Permanent, string? Detail);
