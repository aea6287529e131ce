namespace SmsSaga.Components.Clients;

/// <summary>A recipient who sent STOP (or the like) to a client, in <c>opt_outs</c>. Messages to them fail with <c>opted_out</c>.</summary>
public class OptOut
{
    public string ClientId { get; set; } = null!;

    /// <summary>E.164.</summary>
    public string Number { get; set; } = null!;
    public DateTimeOffset At { get; set; }
    public string Keyword { get; set; } = null!;
}
