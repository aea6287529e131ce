namespace SmsSaga.Components.Dispatch;

/// <summary>The provider's answer to a submission: accepted with its message id, or refused with its code.</summary>
public sealed record SubmitResult(bool Accepted, string? ProviderMessageId, string? ErrorCode, bool Permanent, string? Detail)
{
    public static SubmitResult Accept(string providerMessageId) => new(true, providerMessageId, null, false, null);
    public static SubmitResult Refuse(string code, bool permanent, string? detail = null) => new(false, null, code, permanent, detail);
}
