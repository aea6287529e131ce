namespace SmsSaga.Components.Clients;

/// <summary>Whom an API key belongs to, with the client's own rate limit (null: the gateway's default).</summary>
public sealed record KeyHolder(string ClientId, double? RatePerSecond, int? Burst);
