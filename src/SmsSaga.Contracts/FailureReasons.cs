namespace SmsSaga.Contracts;

/// <summary>Reason codes the gateway itself gives on <see cref="SmsFailed"/>.</summary>
public static class FailureReasons
{
    public const string InsufficientCredit = "insufficient_credit";
    public const string InvalidRecipient = "invalid_recipient";
    public const string InvalidText = "invalid_text";
    public const string UnknownClient = "unknown_client";
    public const string OptedOut = "opted_out";
    public const string ProviderRejected = "provider_rejected";
    public const string RetriesExhausted = "retries_exhausted";
    public const string Undelivered = "undelivered";
    public const string SendingTimeout = "sending_timeout";
}
