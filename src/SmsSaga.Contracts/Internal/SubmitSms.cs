namespace SmsSaga.Contracts.Internal;

/// <summary>
/// Hand one attempt of a message to the provider. <see cref="AttemptId"/> is stable for the attempt. <see cref="ClientId"/>
/// is whose message it is, for the opt-out check at send time (null only in a submission from before it was added).
/// </summary>
public record SubmitSms(Guid MessageId, Guid AttemptId, int Attempt, string To, string Text, string? SenderId, int Segments,
    string? ClientId = null);
