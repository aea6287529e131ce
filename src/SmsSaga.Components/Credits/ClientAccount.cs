namespace SmsSaga.Components.Credits;

/// <summary>
/// A client and its credit, in the <c>clients</c> table. At every commit
/// <c>Available + Held = ToppedUp − Captured</c>.
/// </summary>
public class ClientAccount
{
    public string Id { get; set; } = null!;
    public string Name { get; set; } = null!;
    public decimal Available { get; set; }
    public decimal Held { get; set; }
    public decimal Captured { get; set; }
    public decimal ToppedUp { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
