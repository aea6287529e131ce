namespace SmsSaga.Components.Dispatch;

/// <summary>
/// A delivery report received over HTTP (<c>provider_reports</c>). Kept until it is matched to a message by the
/// provider's message id — it may arrive before the submit acknowledgement is recorded — or until it expires.
/// </summary>
public class ProviderReport
{
    public long Id { get; set; }
    public string Provider { get; set; } = null!;
    public string ProviderMessageId { get; set; } = null!;
    public bool Delivered { get; set; }
    public string Code { get; set; } = null!;
    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary>The message it was matched to, once matched.</summary>
    public Guid? MessageId { get; set; }
    public DateTimeOffset? MatchedAt { get; set; }

    /// <summary>Set when no message was found within the matching window: kept for support, never published.</summary>
    public DateTimeOffset? ExpiredAt { get; set; }
}
