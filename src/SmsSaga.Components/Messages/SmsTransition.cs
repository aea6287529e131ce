namespace SmsSaga.Components.Messages;

/// <summary>One row of a message's timeline: the <c>sms_history</c> table.</summary>
public class SmsTransition
{
    public long Id { get; set; }
    public Guid MessageId { get; set; }
    public DateTimeOffset At { get; set; }
    public string? From { get; set; }
    public string To { get; set; } = null!;
    public string? Reason { get; set; }
    public int Attempt { get; set; }
    public string? Detail { get; set; }
}
