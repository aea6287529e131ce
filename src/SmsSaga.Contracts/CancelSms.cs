namespace SmsSaga.Contracts;

/// <summary>Cancels a message that is still Scheduled. Ignored for another client's message or one already on its way.</summary>
public record CancelSms(Guid MessageId, string ClientId);
