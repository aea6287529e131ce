namespace SmsSaga.Contracts.Internal;

/// <summary>Hand one attempt of a message to the provider. <see cref="AttemptId"/> is stable for the attempt.</summary>
public record SubmitSms(Guid MessageId, Guid AttemptId, int Attempt, string To, string Text, string? SenderId, int Segments);
