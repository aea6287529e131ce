using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace SmsSaga.Components.Platform.Scheduling;

/// <summary>The Quartz scheduler bridge. Section "Scheduling".</summary>
public class SchedulingOptions
{
    public const string SectionName = "Scheduling";

    /// <summary>The queue the bus's message scheduler sends ScheduleMessage and CancelScheduledMessage to.</summary>
    [Required]
    public string QueueName { get; set; } = "scheduler";

    public Uri QueueAddress => new($"queue:{QueueName}");

    /// <summary>Instances sharing one database share its jobs; a job runs on one of them.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan ClusterCheckinInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long the scheduler sleeps when no trigger is due soon before it looks again. A trigger scheduled by this process
    /// wakes it at once; one scheduled by another instance is seen within this time (Quartz's default: 30 s).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan IdleWaitTime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The section's values, or the defaults where it is silent: for wiring that runs before the container is built.</summary>
    public static SchedulingOptions From(IConfiguration configuration) =>
        configuration.GetSection(SectionName).Get<SchedulingOptions>() ?? new SchedulingOptions();
}
