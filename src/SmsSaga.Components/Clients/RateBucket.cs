namespace SmsSaga.Components.Clients;

/// <summary>A client's API token bucket, or its bus bucket (<c>rate_buckets</c>, see <see cref="RateLimiter"/>), shared by every gateway instance.</summary>
public class RateBucket
{
    public string ClientId { get; set; } = null!;
    public double Tokens { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Whether the latest request got its tokens (written by the same statement that took them).</summary>
    public bool Granted { get; set; }
}
