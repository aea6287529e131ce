using System.ComponentModel.DataAnnotations;

namespace SmsSaga.Components.Credits;

/// <summary>Price of one segment, by destination. Section "Pricing".</summary>
public class PricingOptions
{
    public const string SectionName = "Pricing";

    [Range(0, 1000)]
    public decimal DefaultPerSegment { get; set; } = 0.05m;

    /// <summary>Overrides by country calling code, e.g. { "44": 0.04, "1": 0.01 }.</summary>
    public Dictionary<string, decimal> PerSegmentByCallingCode { get; set; } = [];

    /// <summary>The price of <paramref name="segments"/> to a number with <paramref name="callingCode"/>.</summary>
    public decimal PriceOf(int segments, int callingCode) =>
        segments * (PerSegmentByCallingCode.TryGetValue(callingCode.ToString(System.Globalization.CultureInfo.InvariantCulture), out var price)
            ? price
            : DefaultPerSegment);
}
