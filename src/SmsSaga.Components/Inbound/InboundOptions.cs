namespace SmsSaga.Components.Inbound;

/// <summary>Inbound (mobile-originated) messages. Section "Inbound".</summary>
public class InboundOptions
{
    public const string SectionName = "Inbound";

    /// <summary>
    /// At most one HELP reply per client and number within this long (0: no limit): each reply is a charged message, and a
    /// phone (or a loop between two auto-responders) sending HELP over and over must not drain the client's credit.
    /// </summary>
    public TimeSpan HelpReplyInterval { get; set; } = TimeSpan.FromHours(1);
}
