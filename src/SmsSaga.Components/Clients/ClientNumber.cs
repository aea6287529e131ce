namespace SmsSaga.Components.Clients;

/// <summary>
/// A number a client sends from and receives on, in <c>client_numbers</c>: a long code (E.164) or a short code. Each number
/// has one owner, and inbound messages to it (STOP, START, HELP) act for that client only.
/// </summary>
public class ClientNumber
{
    public string Number { get; set; } = null!;
    public string ClientId { get; set; } = null!;
    public DateTimeOffset AssignedAt { get; set; }
}
