namespace SmsSaga.Components.Support;

/// <summary>One transition of a message (<c>sms_history</c>).</summary>
public sealed record TimelineEntry(DateTimeOffset At, string? From, string To, string? Reason, int Attempt, string? Detail);
