namespace SmsSaga.Components.Intake;

/// <summary>A command (<c>SendSms</c>, <c>CancelSms</c>, <c>ReplaySms</c>) that can never be carried out as it is. Not retried: it goes to the error queue with this message.</summary>
public sealed class InvalidSmsRequestException(string command, IReadOnlyDictionary<string, string[]> errors)
    : Exception($"Invalid {command}: " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")))
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}
