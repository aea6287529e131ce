namespace SmsSaga.Components.Clients;

/// <summary>What an inbound (mobile-originated) message did.</summary>
public enum InboundAction
{
    None,
    OptedOut,
    OptedIn,
    HelpSent,
    Unrouted,
}
