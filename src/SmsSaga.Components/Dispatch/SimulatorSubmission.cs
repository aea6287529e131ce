namespace SmsSaga.Components.Dispatch;

/// <summary>
/// The simulator's own memory, in <c>simulator_submissions</c>, kept in the database so that it survives a
/// gateway restart the way a real provider's does: one row per accepted attempt (the client reference),
/// how often it was submitted, and its pending delivery report.
/// </summary>
public class SimulatorSubmission
{
    public Guid AttemptId { get; set; }
    public Guid MessageId { get; set; }
    public string ProviderMessageId { get; set; } = null!;
    public int Submissions { get; set; }
    public bool Delivered { get; set; }
    public DateTimeOffset ReportDue { get; set; }
    public DateTimeOffset? ReportedAt { get; set; }
}
