namespace SmsSaga.Components.Credits;

/// <summary>
/// Credit reserved for a message, in <c>credit_holds</c>: one row per hold (a message has one, plus one per
/// replay), settled once (<see cref="HoldStatus"/>: held → captured or released; rejected rows record a refused hold).
/// </summary>
public class CreditHold
{
    public Guid HoldId { get; set; }
    public Guid MessageId { get; set; }
    public string ClientId { get; set; } = null!;
    public decimal Amount { get; set; }
    public string Status { get; set; } = null!;
    public string? Reason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? SettledAt { get; set; }
}
