namespace SmsSaga.Gateway.Providers;

/// <summary>
/// A delivery report in the providers' common form (SMPP-style status words): <c>messageId</c> is the provider's id of the
/// message, <c>status</c> one of DELIVRD, UNDELIV, EXPIRED, REJECTD, UNKNOWN, <c>code</c> the provider's error code if any.
/// </summary>
public sealed record DeliveryReportRequest(string? MessageId, string? Status, string? Code);
