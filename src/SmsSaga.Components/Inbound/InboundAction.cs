namespace SmsSaga.Components.Inbound;

/// <summary>What an inbound (mobile-originated) message did.</summary>
public enum InboundAction
{
    None,
    OptedOut,
    OptedIn,
    HelpSent,

    /// <summary>HELP from a number the client answered within <see cref="InboundOptions.HelpReplyInterval"/>: no reply.</summary>
    HelpLimited,

    /// <summary>Sent to a number no client owns: nothing done.</summary>
    Unrouted,
}
