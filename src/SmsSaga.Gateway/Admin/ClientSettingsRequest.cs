namespace SmsSaga.Gateway.Admin;

/// <summary>
/// The body of <c>PATCH /v1/admin/clients/{id}</c>: only the fields present change. An empty string clears a text setting.
/// </summary>
public sealed record ClientSettingsRequest(double? RatePerSecond, int? Burst, string? CallbackUrl, string? CallbackSecret, string? HelpText);
