using System.ComponentModel.DataAnnotations;

namespace SmsSaga.Components.Intake;

/// <summary>
/// A per-client rate for <c>SendSms</c> on the bus. Section "BusLimit"; off unless a rate is set. A message over its
/// client's rate is not refused (a publisher on the bus hears no answer): it waits in the scheduler for its turn.
/// </summary>
public class BusLimitOptions : IValidatableObject
{
    public const string SectionName = "BusLimit";

    /// <summary>Messages per second each client may send over the bus; 0 (the default): no limit.</summary>
    [Range(0, 1_000_000)]
    public double RatePerSecond { get; set; }

    /// <summary>How many may come at once before the rate applies.</summary>
    [Range(1, 1_000_000)]
    public int Burst { get; set; } = 100;

    /// <summary>Client id → its own rate and burst, in place of the two above (a rate of 0: no limit for that client).</summary>
    public Dictionary<string, ClientBusLimit> Clients { get; set; } = new(StringComparer.Ordinal);

    public (double RatePerSecond, int Burst) For(string clientId) =>
        Clients.TryGetValue(clientId, out var own) ? (own.RatePerSecond, own.Burst ?? Burst) : (RatePerSecond, Burst);

    /// <summary>The clients' own settings, which the attributes above do not reach (they are inside a dictionary).</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (client, own) in Clients)
        {
            if (own.RatePerSecond is < 0 or > 1_000_000 || double.IsNaN(own.RatePerSecond))
                yield return new ValidationResult($"BusLimit:Clients:{client}:RatePerSecond must be from 0 (no limit) to 1,000,000",
                    [nameof(Clients)]);
            if (own.Burst is < 1 or > 1_000_000)
                yield return new ValidationResult($"BusLimit:Clients:{client}:Burst must be from 1 to 1,000,000", [nameof(Clients)]);
        }
    }
}

public class ClientBusLimit
{
    public double RatePerSecond { get; set; }

    public int? Burst { get; set; }
}
