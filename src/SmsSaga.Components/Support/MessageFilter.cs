namespace SmsSaga.Components.Support;

/// <summary>
/// A search over messages, newest first. <see cref="ClientId"/> null searches every client (support only).
/// <see cref="Cursor"/> is the <c>next</c> value of the previous page.
/// </summary>
public sealed record MessageFilter(
    string? ClientId,
    string? Status = null,
    string? To = null,
    string? Reference = null,
    DateTimeOffset? Since = null,
    DateTimeOffset? Until = null,
    int Limit = 50,
    string? Cursor = null);
