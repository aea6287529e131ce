namespace SmsSaga.Components.Intake;

/// <summary>
/// Which broker users may send for which clients over the bus. Section "BusSenders". RabbitMQ checks a message's
/// <c>user_id</c> property against the user of the connection that published it (a publisher cannot name another user
/// there unless its user has the <c>impersonator</c> tag), so the gateway can trust it.
/// </summary>
public class BusSenderOptions
{
    public const string SectionName = "BusSenders";

    /// <summary>
    /// Broker user → the client ids it may send <c>SendSms</c> and <c>CancelSms</c> for (<c>*</c>: any). A command whose
    /// <c>user_id</c> names a user not listed here, or a client not in its list, is refused with a fault.
    /// </summary>
    public Dictionary<string, List<string>> Users { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Refuse a <c>SendSms</c> or <c>CancelSms</c> that carries no <c>user_id</c> (so whoever published it is unknown). Off
    /// by default, for publishers from before it; <c>./scripts/run.sh</c> turns it on.
    /// </summary>
    public bool RequireUserId { get; set; }
}
