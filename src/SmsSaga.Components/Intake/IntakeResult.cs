namespace SmsSaga.Components.Intake;

/// <summary>
/// What became of one send request at the API: accepted (a new message, or the existing one for the same client and
/// key), invalid (errors by field), or refused by the credit hold (<c>insufficient_credit</c>, <c>opted_out</c>).
/// </summary>
public sealed record IntakeResult(
    Guid MessageId,
    string Status,
    string? To,
    int Segments,
    string? Encoding,
    decimal Cost,
    bool Existing,
    Dictionary<string, string[]>? Errors = null,
    string? RefusalReason = null)
{
    /// <summary>The status of a request with errors: no message was made.</summary>
    public const string Invalid = nameof(Invalid);

    /// <summary>The status of a request the hold or the key refused: no message was made.</summary>
    public const string Refused = nameof(Refused);

    public bool Accepted => Errors is null && RefusalReason is null;
}
