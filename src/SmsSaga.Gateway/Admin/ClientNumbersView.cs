namespace SmsSaga.Gateway.Admin;

/// <summary>The numbers a client owns (E.164 long codes and short codes), in order.</summary>
public sealed record ClientNumbersView(string ClientId, IReadOnlyList<string> Numbers);
