using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmsSaga.Components.Platform.Persistence;
using SmsSaga.Contracts.Internal;

namespace SmsSaga.Components.Dispatch;

/// <summary>
/// Makes the provider call — the one effect outside the database — as safe as the provider allows:
/// the attempt is recorded and committed before the call (in a transaction of its own), and the answer is
/// written in the consumer's transaction, together with the event that reports it. A redelivered
/// <see cref="SubmitSms"/> whose answer is recorded never calls the provider again; only a crash during
/// the call itself leads to a second call, with the same attempt id as the provider's client reference.
/// </summary>
public sealed class ProviderAttemptJournal(SmsDbContext db, IServiceScopeFactory scopes, TimeProvider clock)
{
    public const string Submitting = "submitting";
    public const string Accepted = "accepted";
    public const string Refused = "refused";

    /// <summary>Records the attempt (once) and counts this call; returns the row as it now stands.</summary>
    public async Task<ProviderAttempt> RecordCallAsync(SubmitSms request, string provider, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var own = scope.ServiceProvider.GetRequiredService<SmsDbContext>();
        var rows = await own.ProviderAttempts.FromSql($"""
            INSERT INTO provider_attempts (attempt_id, message_id, attempt, status, provider, permanent, calls, created_at)
            VALUES ({request.AttemptId}, {request.MessageId}, {request.Attempt}, 'submitting', {provider}, false, 1, {clock.GetUtcNow()})
            ON CONFLICT (attempt_id) DO UPDATE
                SET calls = provider_attempts.calls + CASE WHEN provider_attempts.status = 'submitting' THEN 1 ELSE 0 END
            RETURNING *
            """).AsNoTracking().ToListAsync(cancellationToken);
        return rows[0];
    }

    /// <summary>Writes the provider's answer in the caller's transaction.</summary>
    public Task AnswerAsync(Guid attemptId, SubmitResult result, CancellationToken cancellationToken) =>
        db.ProviderAttempts.Where(a => a.AttemptId == attemptId && a.Status == Submitting)
            .ExecuteUpdateAsync(a => a
                .SetProperty(x => x.Status, result.Accepted ? Accepted : Refused)
                .SetProperty(x => x.ProviderMessageId, result.ProviderMessageId)
                .SetProperty(x => x.Code, result.ErrorCode)
                .SetProperty(x => x.Permanent, result.Permanent)
                .SetProperty(x => x.Detail, result.Detail)
                .SetProperty(x => x.AnsweredAt, clock.GetUtcNow()), cancellationToken);
}
