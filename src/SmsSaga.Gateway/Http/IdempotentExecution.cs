using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmsSaga.Components.Idempotency;
using SmsSaga.Components.Intake;
using SmsSaga.Components.Platform.Persistence;

namespace SmsSaga.Gateway.Http;

/// <summary>
/// Runs a write request under its <c>Idempotency-Key</c>: the first request with a key does the work and stores its
/// (successful) response; a repeat with the same body gets that response again, a different body under the same key is
/// 422, and a request racing one still in flight is 409. The race is decided by a PostgreSQL session advisory lock on
/// (client, key), taken for the length of the request on the request's connection, so it holds across gateway instances
/// and goes with the connection if the gateway dies. A refused or invalid request stores nothing: the client may fix it
/// and use the same key again.
/// </summary>
public sealed class IdempotentExecution(SmsDbContext db, IOptions<IdempotencyOptions> options, TimeProvider clock)
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";

    /// <summary>
    /// An answer of the work: the status code and the body (a problem when not 2xx). <paramref name="Recorded"/>: the work
    /// stored the idempotency record itself, in its own commit (see <see cref="Claim"/>).
    /// </summary>
    public sealed record Outcome(int StatusCode, object? Body, IResult? Problem = null, bool Recorded = false);

    /// <summary>The request's key, for work that stores the record in the same commit as its own writes.</summary>
    public sealed class Claim(string clientId, string key, string operation, byte[] requestHash, DateTimeOffset now)
    {
        public IdempotentRequest Record(int statusCode, object? body) => new()
        {
            ClientId = clientId,
            Key = key,
            Operation = operation,
            RequestHash = requestHash,
            StatusCode = statusCode,
            ResponseBody = JsonSerializer.Serialize(body, JsonBody.Options),
            CreatedAt = now,
        };
    }

    public async Task<IResult> RunAsync(HttpContext http, string clientId, string operation, byte[] body, Func<Claim?, Task<Outcome>> work)
    {
        if (KeyProblem(http.Request) is { } problem)
            return problem;
        var key = http.Request.Headers[Header].ToString();
        if (key.Length == 0)
            return Respond(await work(null));

        var ct = http.RequestAborted;
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(operation).Concat(body).ToArray());
        var lockName = clientId + "\n" + key;
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            // The lock and the earlier record in one statement. Its snapshot may predate a racing request that committed
            // and unlocked just before the lock was taken; that request's record then turns up when this one stores its own.
            var earlier = await db.Database.SqlQuery<LockedRecord>($"""
                SELECT l.locked AS "Locked", r.operation AS "Operation", r.request_hash AS "RequestHash", r.status_code AS "StatusCode",
                       r.response_body AS "ResponseBody", r.created_at AS "CreatedAt"
                FROM (SELECT pg_try_advisory_lock(hashtextextended({lockName}, 0)) AS locked) l
                LEFT JOIN idempotent_requests r ON l.locked AND r.client_id = {clientId} AND r.key = {key}
                """).SingleAsync(ct);
            if (!earlier.Locked)
                return Problems.Of(StatusCodes.Status409Conflict, "request_in_progress", "A request with this Idempotency-Key is in progress.",
                    "Retry once it has finished to get its response.");
            try
            {
                if (earlier.CreatedAt > clock.GetUtcNow() - options.Value.Window)
                    return Replay(http, earlier.Operation!, earlier.RequestHash!, earlier.StatusCode!.Value, earlier.ResponseBody!, operation, hash);
                if (earlier.CreatedAt is not null) // expired: the key starts afresh
                    await db.IdempotentRequests.Where(r => r.ClientId == clientId && r.Key == key).ExecuteDeleteAsync(ct);

                var claim = new Claim(clientId, key, operation, hash, clock.GetUtcNow());
                var outcome = await work(claim);
                if (outcome.Problem is null && !outcome.Recorded)
                {
                    var record = claim.Record(outcome.StatusCode, outcome.Body);
                    var stored = await db.Database.ExecuteSqlAsync($"""
                        INSERT INTO idempotent_requests (client_id, key, operation, request_hash, status_code, response_body, created_at)
                        VALUES ({record.ClientId}, {record.Key}, {record.Operation}, {record.RequestHash}, {record.StatusCode},
                                {record.ResponseBody}, {record.CreatedAt})
                        ON CONFLICT (client_id, key) DO NOTHING
                        """, ct);
                    if (stored == 0)
                    {
                        var first = await db.IdempotentRequests.AsNoTracking().SingleAsync(r => r.ClientId == clientId && r.Key == key, ct);
                        return Replay(http, first.Operation, first.RequestHash, first.StatusCode, first.ResponseBody, operation, hash);
                    }
                }

                return Respond(outcome);
            }
            finally
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock(hashtextextended({lockName}, 0))", CancellationToken.None);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// A 400 for an <c>Idempotency-Key</c> header that is there but unusable: empty or spaces, too long, a control character,
    /// or given twice.
    /// </summary>
    public static IResult? KeyProblem(HttpRequest request)
    {
        var values = request.Headers[Header];
        string? error = values.Count switch
        {
            0 => null,
            > 1 => "give one key",
            _ when string.IsNullOrWhiteSpace(values[0]) => "not empty or only spaces: leave the header out to send without a key",
            _ when values[0]!.Length > SmsRequestValidator.MaxIdempotencyKeyLength => "at most 255 characters",
            _ when SmsRequestValidator.IsUnfit(values[0]!) => "no control characters (a tab included)",
            _ => null,
        };
        return error is null ? null : Problems.Validation(new Dictionary<string, string[]> { [Header] = [error] });
    }

    /// <summary>The stored response of an earlier request with the key, or 422 when that request was a different one.</summary>
    static IResult Replay(HttpContext http, string earlierOperation, byte[] earlierHash, int statusCode, string responseBody, string operation,
        byte[] hash)
    {
        if (earlierOperation != operation || !earlierHash.AsSpan().SequenceEqual(hash))
            return Problems.Of(StatusCodes.Status422UnprocessableEntity, "idempotency_key_reused",
                "This Idempotency-Key was used with a different request.", "Use a new key for a new request.");
        http.Response.Headers[ReplayedHeader] = "true";
        return Results.Content(responseBody, "application/json", Encoding.UTF8, statusCode);
    }

    sealed record LockedRecord(bool Locked, string? Operation, byte[]? RequestHash, int? StatusCode, string? ResponseBody, DateTimeOffset? CreatedAt);

    static IResult Respond(Outcome outcome) =>
        outcome.Problem ?? Results.Content(JsonSerializer.Serialize(outcome.Body, JsonBody.Options), "application/json", Encoding.UTF8,
            outcome.StatusCode);
}
