using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmsSaga.Components.Platform.Bus;
using SmsSaga.Components.Platform.Hosting;
using SmsSaga.Components.Platform.Persistence;
using SmsSaga.Contracts.Internal;

namespace SmsSaga.Components.Messages;

/// <summary>
/// Tells messages past their deadline (<see cref="SmsState.Deadline"/>) so: a Sending attempt that timed out
/// (<see cref="SmsSendingTimedOut"/>), a Sent message whose report window closed (<see cref="SmsReportWindowClosed"/>),
/// each with the attempt id, so that word for an attempt already decided changes nothing. It stands in for a scheduler
/// trigger per message (two set and two canceled for every SMS, each through the scheduler's queue and Quartz's lock)
/// with one indexed query every <see cref="SmsOptions.DeadlineSweepInterval"/>, for time-outs that almost never fire.
/// Every worker runs it: the statement claims rows with <c>FOR UPDATE SKIP LOCKED</c> and moves their deadline
/// <see cref="SmsOptions.DeadlineRecheck"/> ahead, so two workers never tell one message at once, and a message the first
/// word did not reach (a process that died before publishing) is told again. Moving the deadline changes the row's
/// version, so a saga update racing with it is retried, as for any concurrent change.
/// </summary>
public sealed class SmsDeadlineSweep(IServiceScopeFactory scopes, IBus bus, IOptions<SmsOptions> options, TimeProvider clock,
    ILogger<SmsDeadlineSweep> logger) : BatchLoop(clock, logger)
{
    protected override int BatchSize => 500;
    protected override TimeSpan Idle => options.Value.DeadlineSweepInterval;

    protected override async Task<int> RunBatch(CancellationToken cancellationToken)
    {
        var now = Clock.GetUtcNow();
        var recheck = now + options.Value.DeadlineRecheck;
        List<Due> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SmsDbContext>();
            due = await db.Database.SqlQuery<Due>($"""
                WITH due AS (
                    UPDATE sms SET deadline = CASE WHEN state IN ({SmsStates.Sending}, {SmsStates.Sent}) THEN {recheck} END
                    WHERE id IN (SELECT id FROM sms WHERE deadline <= {now} ORDER BY deadline LIMIT {BatchSize} FOR UPDATE SKIP LOCKED)
                    RETURNING id, state, attempt_id)
                SELECT id AS "Id", state AS "State", attempt_id AS "AttemptId" FROM due
                """).ToListAsync(cancellationToken);
        }

        await Task.WhenAll(due.Select(d => d.State switch
        {
            SmsStates.Sending => BrokerSend.Within(token => bus.Publish(new SmsSendingTimedOut(d.Id, d.AttemptId), token), cancellationToken),
            SmsStates.Sent => BrokerSend.Within(token => bus.Publish(new SmsReportWindowClosed(d.Id, d.AttemptId), token), cancellationToken),
            _ => Task.CompletedTask, // a deadline left in another state: cleared above
        }));
        if (due.Count > 0)
            logger.LogInformation("{Count} messages past their deadline", due.Count);
        return due.Count;
    }

    public sealed record Due(Guid Id, string State, Guid? AttemptId);
}
