namespace SmsSaga.Components.Callbacks;

/// <summary>One POST of a status callback to a client (<c>callback_attempts</c>): what was sent where, and how it went.</summary>
public class CallbackAttempt
{
    public long Id { get; set; }
    public Guid MessageId { get; set; }

    /// <summary>Sent, Delivered, Failed or Canceled.</summary>
    public string Status { get; set; } = null!;
    public int Attempt { get; set; }
    public string Url { get; set; } = null!;

    /// <summary>The HTTP status the receiver answered, or null when it did not answer (time-out, refused connection).</summary>
    public int? ResponseStatus { get; set; }
    public string? Error { get; set; }
    public DateTimeOffset At { get; set; }
    public double DurationMs { get; set; }
}
