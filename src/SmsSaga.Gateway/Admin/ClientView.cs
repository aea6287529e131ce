using System.Text.Json.Serialization;
using SmsSaga.Components.Clients;

namespace SmsSaga.Gateway.Admin;

/// <summary>
/// A client as support sees it. The callback secret is shown only in the answer that made it (creation or rotation);
/// otherwise only whether one is set.
/// </summary>
public sealed record ClientView(
    string Id, string Name, decimal Available, decimal Held, decimal Captured, decimal ToppedUp, double? RatePerSecond, int? Burst,
    string? CallbackUrl, bool CallbackSecretSet, string? HelpText, DateTimeOffset CreatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CallbackSecret = null)
{
    public static ClientView Of(ClientAccount c, string? newSecret = null) =>
        new(c.Id, c.Name, c.Available, c.Held, c.Captured, c.ToppedUp, c.RatePerSecond, c.Burst, c.CallbackUrl, c.CallbackSecret is not null,
            c.HelpText, c.CreatedAt, newSecret);
}
