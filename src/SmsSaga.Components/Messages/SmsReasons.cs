namespace SmsSaga.Components.Messages;

/// <summary>
/// Why a message made its latest transition (<see cref="SmsState.Reason"/>, and each timeline row's). Failures carry a
/// code of <see cref="Contracts.FailureReasons"/> or the provider's own.
/// </summary>
public static class SmsReasons
{
    public const string Requested = "requested";
    public const string SendAt = "send_at";
    public const string SendWindow = "send_window";
    public const string SendTime = "send_time";
    public const string CreditHeld = "credit_held";
    public const string Retry = "retry";
    public const string Canceled = "canceled";
    public const string Replay = "replay";
    public const string Accepted = "accepted";
    public const string AcceptedByReport = "accepted_by_report";
    public const string Delivered = "delivered";
    public const string ReportWindowClosed = "dlr_timeout";
}
