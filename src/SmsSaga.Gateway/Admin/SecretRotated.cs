namespace SmsSaga.Gateway.Admin;

/// <summary>A client's new callback secret: shown in this answer only; every callback from now on is signed with it.</summary>
public sealed record SecretRotated(string ClientId, string CallbackSecret);
