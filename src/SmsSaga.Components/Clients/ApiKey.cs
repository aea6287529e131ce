namespace SmsSaga.Components.Clients;

/// <summary>
/// A client's API key, in <c>api_keys</c>. Only a SHA-256 hash of the secret is stored; the key itself
/// (<c>sk_&lt;id&gt;_&lt;secret&gt;</c>) is shown once, when it is created.
/// </summary>
public class ApiKey
{
    /// <summary>The public part of the key, used to find the row.</summary>
    public string Id { get; set; } = null!;
    public string ClientId { get; set; } = null!;
    public byte[] SecretHash { get; set; } = null!;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}
