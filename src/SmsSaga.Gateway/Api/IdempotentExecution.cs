using System.Data;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmsSaga.Components.Persistence;
using SmsSaga.Components.Requests;

namespace SmsSaga.Gateway.Api;

/// <summary>
/// Runs a write request in one transaction under its <c>Idempotency-Key</c>: the first request with a key does the work
/// and stores its (successful) response; a repeat with the same body gets that response again, a different body under
/// the same key is 422, and a request racing one still in flight is 409. The race is decided by a transaction-scoped
/// PostgreSQL advisory lock on (client, key), so it holds across gateway instances. A refused or invalid request stores
/// nothing: the client may fix it and use the same key again.
/// </summary>
public sealed class IdempotentExecution(SmsDbContext db, IOptions<IdempotencyOptions> options, TimeProvider clock)
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";

    /// <summary>An answer of the work: the status code and the body (a problem when not 2xx).</summary>
    public sealed record Outcome(int StatusCode, object? Body, IResult? Problem = null);

    public async Task<IResult> RunAsync(HttpContext http, string clientId, string operation, byte[] body, Func<Task<Outcome>> work)
    {
        var key = http.Request.Headers[Header].ToString();
        if (key.Length > SmsSaga.Components.Messaging.SmsRequestValidator.MaxIdempotencyKeyLength)
            return Problems.Validation(new Dictionary<string, string[]> { [Header] = ["at most 255 characters"] });
        var ct = http.RequestAborted;

        await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.ReadCommitted, ct);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(operation).Concat(body).ToArray());
        if (key.Length > 0)
        {
            var locked = await db.Database.SqlQuery<bool>(
                $"""SELECT pg_try_advisory_xact_lock(hashtextextended({clientId + "\n" + key}, 0)) AS "Value" """).SingleAsync(ct);
            if (!locked)
                return Problems.Of(StatusCodes.Status409Conflict, "request_in_progress", "A request with this Idempotency-Key is in progress.",
                    "Retry once it has finished to get its response.");

            var since = clock.GetUtcNow() - options.Value.Window;
            var earlier = await db.IdempotentRequests.AsNoTracking()
                .SingleOrDefaultAsync(r => r.ClientId == clientId && r.Key == key && r.CreatedAt > since, ct);
            if (earlier is not null)
            {
                if (earlier.Operation != operation || !earlier.RequestHash.AsSpan().SequenceEqual(hash))
                    return Problems.Of(StatusCodes.Status422UnprocessableEntity, "idempotency_key_reused",
                        "This Idempotency-Key was used with a different request.", "Use a new key for a new request.");
                http.Response.Headers[ReplayedHeader] = "true";
                return Results.Content(earlier.ResponseBody, "application/json", Encoding.UTF8, earlier.StatusCode);
            }

            // An expired record of the same key is replaced.
            await db.IdempotentRequests.Where(r => r.ClientId == clientId && r.Key == key).ExecuteDeleteAsync(ct);
        }

        var outcome = await work();
        if (outcome.Problem is not null)
            return outcome.Problem; // the transaction is rolled back: nothing was held, nothing published

        var json = JsonSerializer.Serialize(outcome.Body, JsonBody.Options);
        if (key.Length > 0)
            db.IdempotentRequests.Add(new IdempotentRequest
            {
                ClientId = clientId,
                Key = key,
                Operation = operation,
                RequestHash = hash,
                StatusCode = outcome.StatusCode,
                ResponseBody = json,
                CreatedAt = clock.GetUtcNow(),
            });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return Results.Content(json, "application/json", Encoding.UTF8, outcome.StatusCode);
    }
}
