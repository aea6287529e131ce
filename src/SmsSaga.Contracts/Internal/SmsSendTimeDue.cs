namespace SmsSaga.Contracts.Internal;

/// <summary>A Scheduled message's send-at time has come.</summary>
public record SmsSendTimeDue(Guid MessageId);
