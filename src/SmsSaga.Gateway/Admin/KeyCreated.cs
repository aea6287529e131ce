namespace SmsSaga.Gateway.Admin;

/// <summary>A new API key: shown in this answer only (the gateway keeps its hash).</summary>
public sealed record KeyCreated(string KeyId, string Key, string ClientId);
