namespace SmsSaga.Contracts.Internal;

/// <summary>An attempt has been in Sending longer than Sms:SendingTimeout without an answer from the provider.</summary>
public record SmsSendingTimedOut(Guid MessageId);
