using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SmsSaga.Components.Persistence;

namespace SmsSaga.Components.Clients;

/// <summary>
/// Issues, checks and revokes API keys. A key is <c>sk_&lt;id&gt;_&lt;secret&gt;</c>: the id finds the row, the
/// 256-bit random secret is checked against its stored SHA-256 in constant time. A fast hash is right here:
/// the secret is random, not a password, so nothing is gained from a slow hash, and a slow one on every
/// request would break the API's latency budget.
/// </summary>
public sealed class ApiKeys(SmsDbContext db, TimeProvider clock)
{
    const string Prefix = "sk_";

    /// <summary>Creates a key for <paramref name="clientId"/> and returns it: the only time it is seen in full.</summary>
    public async Task<(string KeyId, string Key)> CreateAsync(string clientId, CancellationToken cancellationToken)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        db.ApiKeys.Add(new ApiKey { Id = id, ClientId = clientId, SecretHash = Hash(secret), CreatedAt = clock.GetUtcNow() });
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return (id, $"{Prefix}{id}_{secret}");
    }

    /// <summary>
    /// The client a key belongs to and its rate limit (one query, as every request asks), or null when the key is
    /// malformed, unknown or revoked.
    /// </summary>
    public async Task<KeyHolder?> AuthenticateAsync(string? key, CancellationToken cancellationToken)
    {
        if (key is null || !key.StartsWith(Prefix, StringComparison.Ordinal) || key.Length > 128)
            return null;
        var parts = key[Prefix.Length..].Split('_', 2);
        if (parts.Length != 2)
            return null;

        var row = await db.ApiKeys.AsNoTracking()
            .Where(k => k.Id == parts[0] && k.RevokedAt == null)
            .Join(db.Clients, k => k.ClientId, c => c.Id, (k, c) => new { k.SecretHash, Holder = new KeyHolder(c.Id, c.RatePerSecond, c.Burst) })
            .SingleOrDefaultAsync(cancellationToken);
        return row is not null && CryptographicOperations.FixedTimeEquals(row.SecretHash, Hash(parts[1])) ? row.Holder : null;
    }

    /// <summary>Revokes a key of the client. False when the client has no such key.</summary>
    public async Task<bool> RevokeAsync(string clientId, string keyId, CancellationToken cancellationToken) =>
        await db.ApiKeys.Where(k => k.Id == keyId && k.ClientId == clientId)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, k => k.RevokedAt ?? clock.GetUtcNow()), cancellationToken) == 1;

    static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
