using System.ComponentModel.DataAnnotations;

namespace SmsSaga.Components.StateMachines;

/// <summary>What the gateway accepts and how hard it tries. Section "Sms".</summary>
public class SmsOptions
{
    public const string SectionName = "Sms";

    /// <summary>Provider attempts per message, the first included, before it fails with retries_exhausted.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 10;

    /// <summary>Longest accepted text, in segments.</summary>
    [Range(1, 255)]
    public int MaxSegments { get; set; } = 10;
}
