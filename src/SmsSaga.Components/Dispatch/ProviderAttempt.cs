namespace SmsSaga.Components.Dispatch;

/// <summary>
/// One attempt handed to the provider, in <c>provider_attempts</c>: recorded (committed) before the call,
/// completed with the provider's answer after it. A redelivered <c>SubmitSms</c> whose attempt is already
/// answered repeats the answer instead of calling the provider again.
/// </summary>
public class ProviderAttempt
{
    public Guid AttemptId { get; set; }
    public Guid MessageId { get; set; }
    public int Attempt { get; set; }

    /// <summary>submitting, accepted or refused.</summary>
    public string Status { get; set; } = null!;
    public string Provider { get; set; } = null!;
    public string? ProviderMessageId { get; set; }
    public string? Code { get; set; }
    public bool Permanent { get; set; }
    public string? Detail { get; set; }

    /// <summary>How many times the provider was called for this attempt (more than one only after a crash mid-call).</summary>
    public int Calls { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? AnsweredAt { get; set; }
}
