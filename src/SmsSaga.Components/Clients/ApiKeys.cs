using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using SmsSaga.Components.Platform.Persistence;

namespace SmsSaga.Components.Clients;

/// <summary>
/// Issues, checks and revokes API keys. A key is <c>sk_&lt;id&gt;_&lt;secret&gt;</c>: the id finds the row, the
/// 256-bit random secret is checked against its stored SHA-256. A fast hash is right here:
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
    /// The client a key belongs to, with <paramref name="cost"/> tokens taken from its bucket, in one statement (as every
    /// request asks both); null when the key is malformed, unknown or revoked, and then no token is taken. The client's
    /// own rate and burst apply, or else <paramref name="defaultRate"/> and <paramref name="defaultBurst"/>. The stored
    /// SHA-256 is compared in SQL: the time an equality of digests takes tells an attacker nothing about the secret.
    /// </summary>
    public async Task<KeyCheck?> AuthenticateAsync(string? key, double defaultRate, int defaultBurst, int cost, CancellationToken cancellationToken)
    {
        if (key is null || !key.StartsWith(Prefix, StringComparison.Ordinal) || key.Length > 128)
            return null;
        var parts = key[Prefix.Length..].Split('_', 2);
        if (parts.Length != 2)
            return null;

        var rows = await db.Database.SqlQueryRaw<CheckRow>($"""
            WITH request AS (
                SELECT c.id AS client_id, c.rate_per_second AS own_rate, c.burst AS own_burst,
                       COALESCE(c.rate_per_second, @default_rate) AS rate, COALESCE(c.burst, @default_burst)::float8 AS capacity,
                       LEAST(@cost, COALESCE(c.burst, @default_burst))::float8 AS need
                FROM api_keys k JOIN clients c ON c.id = k.client_id
                WHERE k.id = @key_id AND k.revoked_at IS NULL AND k.secret_hash = @secret_hash),
            {RateLimiter.TakeStatement}
            SELECT r.client_id AS "ClientId", r.own_rate AS "OwnRate", r.own_burst AS "OwnBurst", r.rate AS "Rate",
                   r.capacity AS "Capacity", r.need AS "Need", t.tokens AS "Tokens", t.granted AS "Granted"
            FROM request r CROSS JOIN taken t
            """, [new NpgsqlParameter("key_id", parts[0]), new NpgsqlParameter("secret_hash", Hash(parts[1])),
                new NpgsqlParameter("default_rate", defaultRate), new NpgsqlParameter("default_burst", defaultBurst),
                new NpgsqlParameter("cost", cost), new NpgsqlParameter("now", clock.GetUtcNow())])
            .ToListAsync(cancellationToken);
        if (rows.Count == 0)
            return null;
        var row = rows[0];
        return new KeyCheck(new KeyHolder(row.ClientId, row.OwnRate, row.OwnBurst), row.Rate, (int)row.Capacity,
            RateLimiter.WaitFor(row.Granted, row.Tokens, row.Need, row.Rate));
    }

    /// <summary>Revokes a key of the client. False when the client has no such key.</summary>
    public async Task<bool> RevokeAsync(string clientId, string keyId, CancellationToken cancellationToken) =>
        await db.ApiKeys.Where(k => k.Id == keyId && k.ClientId == clientId)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, k => k.RevokedAt ?? clock.GetUtcNow()), cancellationToken) == 1;

    sealed record CheckRow(string ClientId, double? OwnRate, int? OwnBurst, double Rate, double Capacity, double Need, double Tokens,
        bool Granted);

    static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
