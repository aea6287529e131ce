using Microsoft.EntityFrameworkCore;
using Npgsql;
using SmsSaga.Components.Platform.Persistence;

namespace SmsSaga.Components.Clients;

/// <summary>
/// A per-client token bucket kept in PostgreSQL (<c>rate_buckets</c>), so the limit holds across every gateway
/// instance without an in-process lock. Each check is one statement on the client's bucket row: refill for the
/// time since the last check, then take the tokens if there are enough.
/// </summary>
public sealed class RateLimiter(SmsDbContext db, TimeProvider clock)
{
    /// <summary>
    /// The bucket statement, after a CTE named <c>request</c> with one row (client_id, rate, capacity, need) and a parameter
    /// <c>@now</c>; it returns the bucket's tokens and whether they were granted, as a CTE named <c>taken</c>.
    /// </summary>
    public const string TakeStatement = """
        taken AS (
            INSERT INTO rate_buckets AS b (client_id, tokens, updated_at, granted)
            SELECT client_id, capacity - need, @now, TRUE FROM request
            ON CONFLICT (client_id) DO UPDATE SET
                granted = LEAST((SELECT capacity FROM request), b.tokens + (SELECT rate FROM request) * GREATEST(0, EXTRACT(EPOCH FROM (@now - b.updated_at))))
                    >= (SELECT need FROM request),
                tokens = LEAST((SELECT capacity FROM request), b.tokens + (SELECT rate FROM request) * GREATEST(0, EXTRACT(EPOCH FROM (@now - b.updated_at))))
                    - CASE WHEN LEAST((SELECT capacity FROM request), b.tokens + (SELECT rate FROM request) * GREATEST(0, EXTRACT(EPOCH FROM (@now - b.updated_at))))
                                >= (SELECT need FROM request)
                           THEN (SELECT need FROM request) ELSE 0 END,
                updated_at = GREATEST(b.updated_at, @now)
            RETURNING b.tokens, b.granted)
        """;

    /// <summary>Takes <paramref name="cost"/> tokens. Null when allowed; otherwise how long until there are enough again.</summary>
    public async Task<TimeSpan?> TryTakeAsync(string clientId, double ratePerSecond, int burst, int cost, CancellationToken cancellationToken)
    {
        var bucket = (await db.Database.SqlQueryRaw<Taken>($"""
            WITH request AS (SELECT @client_id::text AS client_id, @rate::float8 AS rate, @capacity::float8 AS capacity, @need::float8 AS need),
            {TakeStatement}
            SELECT tokens AS "Tokens", granted AS "Granted" FROM taken
            """, [new NpgsqlParameter("client_id", clientId), new NpgsqlParameter("rate", ratePerSecond),
                new NpgsqlParameter("capacity", (double)burst), new NpgsqlParameter("need", Need(cost, burst)),
                new NpgsqlParameter("now", clock.GetUtcNow())])
            .ToListAsync(cancellationToken)).Single();
        return WaitFor(bucket.Granted, bucket.Tokens, Need(cost, burst), ratePerSecond);
    }

    /// <summary>
    /// Takes as many of <paramref name="count"/> tokens as the client's bucket holds whole (a batch's items, one each):
    /// how many it took, and how long until the next one when it took fewer than asked.
    /// </summary>
    public async Task<(int Taken, TimeSpan? NextIn)> TakeUpToAsync(string clientId, double ratePerSecond, int burst, int count,
        CancellationToken cancellationToken)
    {
        if (count <= 0)
            return (0, null);
        var rows = await db.Database.SqlQueryRaw<Granted>("""
            WITH current AS (
                SELECT LEAST(@capacity, tokens + @rate * GREATEST(0, EXTRACT(EPOCH FROM (@now - updated_at)))) AS tokens
                FROM rate_buckets WHERE client_id = @client_id FOR UPDATE),
            grant_ AS (SELECT LEAST(@count, floor(tokens))::int AS taken, tokens FROM current),
            updated AS (
                UPDATE rate_buckets b SET tokens = g.tokens - g.taken, updated_at = GREATEST(b.updated_at, @now), granted = g.taken > 0
                FROM grant_ g WHERE b.client_id = @client_id)
            SELECT taken AS "Taken", tokens - taken AS "Left" FROM grant_
            """, [new NpgsqlParameter("client_id", clientId), new NpgsqlParameter("rate", ratePerSecond),
                new NpgsqlParameter("capacity", (double)burst), new NpgsqlParameter("count", (double)count),
                new NpgsqlParameter("now", clock.GetUtcNow())])
            .ToListAsync(cancellationToken);
        if (rows.Count == 0)
            return (0, WaitFor(false, 0, 1, ratePerSecond)); // no bucket yet: every request makes one before it gets here
        var (taken, left) = (rows[0].Taken, rows[0].Left);
        return (taken, taken < count ? WaitFor(false, left, 1, ratePerSecond) : null);
    }

    /// <summary>
    /// Takes one token from the bucket <paramref name="key"/> whether or not it holds one: a bucket may run into debt, which
    /// its refill pays off first. Returns how long until the token taken would have been there (zero when it was), so
    /// callers that are over the rate each get their own later turn, one per 1/rate seconds, and each is told once.
    /// </summary>
    public async Task<TimeSpan> ReserveAsync(string key, double ratePerSecond, int burst, CancellationToken cancellationToken)
    {
        var left = (await db.Database.SqlQueryRaw<double>("""
            INSERT INTO rate_buckets AS b (client_id, tokens, updated_at, granted)
            VALUES (@key, @capacity - 1, @now, TRUE)
            ON CONFLICT (client_id) DO UPDATE SET
                tokens = LEAST(@capacity, b.tokens + @rate * GREATEST(0, EXTRACT(EPOCH FROM (@now - b.updated_at)))) - 1,
                updated_at = GREATEST(b.updated_at, @now),
                granted = TRUE
            RETURNING b.tokens AS "Value"
            """, [new NpgsqlParameter("key", key), new NpgsqlParameter("rate", ratePerSecond), new NpgsqlParameter("capacity", (double)burst),
                new NpgsqlParameter("now", clock.GetUtcNow())])
            .ToListAsync(cancellationToken)).Single();
        return left >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-left / Math.Max(ratePerSecond, 1e-9));
    }

    /// <summary>A request's cost beyond the burst waits for a full bucket.</summary>
    public static double Need(int cost, int burst) => Math.Min(cost, burst);

    /// <summary>Null when granted; otherwise how long until the bucket holds <paramref name="need"/> tokens again.</summary>
    public static TimeSpan? WaitFor(bool granted, double tokens, double need, double ratePerSecond) =>
        granted ? null : TimeSpan.FromSeconds(Math.Max(need - tokens, 0) / Math.Max(ratePerSecond, 1e-9));

    sealed record Taken(double Tokens, bool Granted);

    sealed record Granted(int Taken, double Left);
}
