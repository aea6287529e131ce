namespace SmsSaga.Components.Idempotency;

/// <summary>
/// An HTTP request made with an <c>Idempotency-Key</c>, in <c>idempotent_requests</c>: the hash of its body and the
/// response it got, so a repeat within the window gets the same response and a different body under the same key is refused.
/// </summary>
public class IdempotentRequest
{
    public string ClientId { get; set; } = null!;
    public string Key { get; set; } = null!;

    /// <summary>What was asked for: method and path, e.g. "POST /v1/messages".</summary>
    public string Operation { get; set; } = null!;
    public byte[] RequestHash { get; set; } = null!;
    public int StatusCode { get; set; }
    public string ResponseBody { get; set; } = null!;
    public DateTimeOffset CreatedAt { get; set; }
}
