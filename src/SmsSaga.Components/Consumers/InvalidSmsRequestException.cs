namespace SmsSaga.Components.Consumers;

/// <summary>A <c>SendSms</c> that can never be sent as it is. Not retried: it goes to the error queue with this message.</summary>
public sealed class InvalidSmsRequestException(IReadOnlyDictionary<string, string[]> errors)
    : Exception("Invalid SendSms: " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")))
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}
