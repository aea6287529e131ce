using System.ComponentModel.DataAnnotations;

namespace SmsSaga.Components.StateMachines;

/// <summary>What the gateway accepts and how hard it tries. Section "Sms".</summary>
public class SmsOptions
{
    public const string SectionName = "Sms";

    /// <summary>Provider attempts per message, the first included, before it fails with retries_exhausted.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 10;

    /// <summary>Backoff before the second attempt; each later one grows by <see cref="RetryBackoffFactor"/> up to <see cref="RetryMaxDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    [Range(1.0, 10.0)]
    public double RetryBackoffFactor { get; set; } = 2.0;

    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Longest accepted text, in segments.</summary>
    [Range(1, 255)]
    public int MaxSegments { get; set; } = 10;
}
