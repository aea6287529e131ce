namespace SmsSaga.Components.Dispatch;

/// <summary>
/// One attempt as the provider sees it. <see cref="AttemptId"/> is stable across redeliveries of the same
/// attempt and is passed to the provider as its client reference, so it can reject a repeat.
/// </summary>
public sealed record ProviderSubmission(Guid MessageId, Guid AttemptId, string To, string Text, string? SenderId, int Segments);
