using Microsoft.EntityFrameworkCore;
using SmsSaga.Components.Persistence;

namespace SmsSaga.Components.Clients;

/// <summary>
/// A per-client token bucket kept in PostgreSQL (<c>rate_buckets</c>), so the limit holds across every gateway
/// instance without an in-process lock. Each check is one statement on the client's bucket row: refill for the
/// time since the last check, then take the tokens if there are enough.
/// </summary>
public sealed class RateLimiter(SmsDbContext db, TimeProvider clock)
{
    /// <summary>Takes <paramref name="cost"/> tokens. Null when allowed; otherwise how long until there are enough again.</summary>
    public async Task<TimeSpan?> TryTakeAsync(string clientId, double ratePerSecond, int burst, int cost, CancellationToken cancellationToken)
    {
        double capacity = burst, need = Math.Min(cost, burst); // a batch bigger than the burst waits for a full bucket
        var now = clock.GetUtcNow();
        // The refilled level, in SQL: what the row held plus what flowed in since, capped at the burst.
        var bucket = (await db.RateBuckets.FromSql($"""
            INSERT INTO rate_buckets AS b (client_id, tokens, updated_at, granted)
            VALUES ({clientId}, {capacity - need}, {now}, TRUE)
            ON CONFLICT (client_id) DO UPDATE SET
                granted = LEAST({capacity}, b.tokens + {ratePerSecond} * GREATEST(0, EXTRACT(EPOCH FROM ({now} - b.updated_at)))) >= {need},
                tokens = LEAST({capacity}, b.tokens + {ratePerSecond} * GREATEST(0, EXTRACT(EPOCH FROM ({now} - b.updated_at))))
                    - CASE WHEN LEAST({capacity}, b.tokens + {ratePerSecond} * GREATEST(0, EXTRACT(EPOCH FROM ({now} - b.updated_at)))) >= {need}
                           THEN {need} ELSE 0 END,
                updated_at = GREATEST(b.updated_at, {now})
            RETURNING b.*
            """).AsNoTracking().ToListAsync(cancellationToken)).Single();
        return bucket.Granted ? null : TimeSpan.FromSeconds(Math.Max(need - bucket.Tokens, 0) / Math.Max(ratePerSecond, 1e-9));
    }
}
