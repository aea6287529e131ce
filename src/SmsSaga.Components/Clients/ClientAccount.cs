using System.Security.Cryptography;

namespace SmsSaga.Components.Clients;

/// <summary>
/// A client, its credit and its settings, in the <c>clients</c> table. At every commit
/// <c>Available + Held = ToppedUp − Captured</c>.
/// </summary>
public class ClientAccount
{
    public string Id { get; set; } = null!;
    public string Name { get; set; } = null!;
    public decimal Available { get; set; }
    public decimal Held { get; set; }
    public decimal Captured { get; set; }
    public decimal ToppedUp { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>API requests per second and burst for this client; null: the gateway's defaults (section "Api").</summary>
    public double? RatePerSecond { get; set; }
    public int? Burst { get; set; }

    /// <summary>Where status callbacks go when a message names no URL of its own, and the secret that signs them.</summary>
    public string? CallbackUrl { get; set; }
    public string? CallbackSecret { get; set; }

    /// <summary>A new callback secret: 256 random bits, <c>whsec_</c> and base64url.</summary>
    public static string NewCallbackSecret() =>
        "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The answer to an inbound HELP.</summary>
    public string? HelpText { get; set; }
}
