namespace SmsSaga.Components.Dispatch;

/// <summary>
/// Providers that call the gateway back over HTTP (delivery reports, inbound messages). Section "ProviderWebhooks".
/// </summary>
public class ProviderWebhookOptions
{
    public const string SectionName = "ProviderWebhooks";

    /// <summary>Each provider's shared secret, sent in the <c>X-Provider-Key</c> header; a provider not listed is unknown (404).</summary>
    public Dictionary<string, string> Keys { get; set; } = [];

    /// <summary>How long a report whose message is not known yet is kept trying before it is set aside as expired.</summary>
    public TimeSpan ReportMatchWindow { get; set; } = TimeSpan.FromMinutes(10);
}
