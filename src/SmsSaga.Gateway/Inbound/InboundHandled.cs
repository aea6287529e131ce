namespace SmsSaga.Gateway.Inbound;

/// <summary>What an inbound message did: <c>OptedOut</c>, <c>OptedIn</c>, <c>HelpSent</c>, <c>HelpLimited</c>, <c>None</c> or <c>Unrouted</c>, and for which client.</summary>
public sealed record InboundHandled(string Action, string? ClientId);
