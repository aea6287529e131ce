namespace SmsSaga.Components.Callbacks;

/// <summary>The status-callback URL a message was sent with (<c>message_callbacks</c>); otherwise the client's default applies.</summary>
public class MessageCallback
{
    public Guid MessageId { get; set; }
    public string Url { get; set; } = null!;
}
