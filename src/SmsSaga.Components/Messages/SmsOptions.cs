using System.ComponentModel.DataAnnotations;

namespace SmsSaga.Components.Messages;

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

    /// <summary>An attempt with no answer from the provider after this long is retried.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan SendingTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a Sent message waits for its delivery report before Sent is final (credit captured).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan DeliveryReportWindow { get; set; } = TimeSpan.FromHours(48);

    /// <summary>How often each worker looks for messages past their deadline (a Sending time-out, a report window).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan DeadlineSweepInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A message past its deadline is told so again after this long if the first word has not changed it.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan DeadlineRecheck { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How far ahead a send-at time may be.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "3650.00:00:00")]
    public TimeSpan MaxScheduleAhead { get; set; } = TimeSpan.FromDays(365);

    /// <summary>Longest accepted text, in segments.</summary>
    [Range(1, 255)]
    public int MaxSegments { get; set; } = 10;
}
