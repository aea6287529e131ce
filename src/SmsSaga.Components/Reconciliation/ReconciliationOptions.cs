using System.ComponentModel.DataAnnotations;

namespace SmsSaga.Components.Reconciliation;

/// <summary>The sweep that settles holds nothing else will, and finds messages that stopped moving. Section "Reconciliation".</summary>
public class ReconciliationOptions
{
    public const string SectionName = "Reconciliation";

    /// <summary>How often the sweep runs (a Quartz trigger: on one gateway of the cluster at a time).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long a hold must have been open, and its message ended, before the sweep settles it. The saga settles a hold
    /// within seconds through its outbox; the sweep is for the holds whose settlement was lost.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan Grace { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>A message that has not moved for this long past the point where it should have is listed as stuck.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan StuckAfter { get; set; } = TimeSpan.FromMinutes(15);
}
