namespace SmsSaga.Components.Credits;

/// <summary>An append-only record of every credit movement, in <c>ledger_entries</c>.</summary>
public class LedgerEntry
{
    public long Id { get; set; }
    public string ClientId { get; set; } = null!;
    public Guid? MessageId { get; set; }
    public Guid? HoldId { get; set; }

    /// <summary>top_up, hold, capture or release.</summary>
    public string Kind { get; set; } = null!;
    public decimal Amount { get; set; }
    public DateTimeOffset At { get; set; }
}
