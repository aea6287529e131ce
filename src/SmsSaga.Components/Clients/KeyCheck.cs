namespace SmsSaga.Components.Clients;

/// <summary>
/// A valid API key's holder, the rate limit that applied to the request (the client's own or the default) and, when its
/// bucket was short, how long until it holds enough tokens again (null: the request may go on).
/// </summary>
public sealed record KeyCheck(KeyHolder Holder, double Rate, int Burst, TimeSpan? Wait);
