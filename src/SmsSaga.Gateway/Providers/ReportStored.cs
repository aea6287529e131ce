namespace SmsSaga.Gateway.Providers;

/// <summary>A delivery report kept: its id, and whether it found its message yet (otherwise it is tried again).</summary>
public sealed record ReportStored(long Id, bool Matched);
