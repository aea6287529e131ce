namespace SmsSaga.Contracts.Internal;

/// <summary>
/// A bus request that came over its client's rate (<c>BusLimit</c>), sent back to the gateway through the scheduler for
/// the time its turn comes: it is then held and handed to the saga like any other. Only the gateway sends it, to its own
/// queue, which no exchange an upstream user may write to reaches.
/// </summary>
public record AdmitSms(SmsRequested Request, DateTimeOffset DeferredAt);
