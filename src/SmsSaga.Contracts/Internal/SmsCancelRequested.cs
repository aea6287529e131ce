namespace SmsSaga.Contracts.Internal;

/// <summary>A checked <see cref="CancelSms"/>, for the message saga (from the bus intake or the HTTP API).</summary>
public record SmsCancelRequested(Guid MessageId, string ClientId);
