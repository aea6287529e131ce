using System.ComponentModel.DataAnnotations;

namespace SmsSaga.Components.Platform.Bus;

/// <summary>How a worker checks that its bus still carries messages both ways. Section "BusWatchdog".</summary>
public class BusWatchdogOptions
{
    public const string SectionName = "BusWatchdog";

    /// <summary>How often a probe is published.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long one publish may take before it is abandoned.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>With no probe back for this long, <c>/readyz</c> and <c>/healthz</c> answer 503.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan UnhealthyAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// With no probe back for this long the process stops (and, if stopping hangs, exits with code 70) so that its
    /// supervisor starts a fresh one. Zero: never.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan ExitAfter { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>
    /// A message still being handled this long after it was received (retries included) means its endpoint is stuck: a
    /// publish that never completes after a broker restart. The process is then unhealthy and stops, as for
    /// <see cref="ExitAfter"/>. Longer than the retry budget of a database outage (about a minute and a half).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan StuckAfter { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>How long an orderly stop may take before the process exits anyway.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan ForceExitAfter { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How often the error queues' depths are read from the broker (<see cref="ErrorQueueDepths"/>).</summary>
    public TimeSpan ErrorQueueDepthInterval { get; set; } = TimeSpan.FromSeconds(30);
}
