namespace SmsSaga.Contracts.Internal;

/// <summary>A checked <see cref="ReplaySms"/>, for the message saga (from the bus intake, the admin API or the CLI).</summary>
public record SmsReplayRequested(Guid MessageId);
