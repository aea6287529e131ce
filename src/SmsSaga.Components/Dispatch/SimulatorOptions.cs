using System.ComponentModel.DataAnnotations;

namespace SmsSaga.Components.Dispatch;

/// <summary>How the simulator provider behaves. Section "Simulator"; rates are probabilities from 0 to 1.</summary>
public class SimulatorOptions
{
    public const string SectionName = "Simulator";

    /// <summary>Time the provider takes to answer a submission, in milliseconds (uniform between min and max).</summary>
    [Range(0, 60_000)]
    public int MinLatencyMs { get; set; } = 5;

    [Range(0, 60_000)]
    public int MaxLatencyMs { get; set; } = 20;

    /// <summary>Share of submissions refused with a retryable error.</summary>
    [Range(0.0, 1.0)]
    public double TransientFailureRate { get; set; }

    /// <summary>Share of submissions refused for good.</summary>
    [Range(0.0, 1.0)]
    public double PermanentFailureRate { get; set; }

    /// <summary>Delay between acceptance and the delivery report, in milliseconds (uniform between min and max).</summary>
    [Range(0, 3_600_000)]
    public int MinReportDelayMs { get; set; } = 50;

    [Range(0, 3_600_000)]
    public int MaxReportDelayMs { get; set; } = 500;

    /// <summary>Share of accepted messages whose report says delivered; the rest say undelivered.</summary>
    [Range(0.0, 1.0)]
    public double DeliveredRate { get; set; } = 1.0;

    /// <summary>Recipients (E.164) the simulator always refuses with a retryable error, like a handset out of reach.</summary>
    public List<string> ThrottledRecipients { get; set; } = [];

    /// <summary>Recipients (E.164) the simulator always refuses for good, like a number that does not exist.</summary>
    public List<string> RejectedRecipients { get; set; } = [];

    /// <summary>
    /// Recipients (E.164) whose messages the simulator always accepts (no refusal by chance) but never reports on, like a
    /// network that returns no delivery receipts: the message stays Sent until its report window closes.
    /// </summary>
    public List<string> UnreportedRecipients { get; set; } = [];

    /// <summary>Share of accepted messages whose report is sent before the acknowledgement is returned.</summary>
    [Range(0.0, 1.0)]
    public double ReportBeforeAckRate { get; set; }
}
