namespace SmsSaga.Components.Requests;

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
    public bool Accepted => Errors is null && RefusalReason is null;
}
