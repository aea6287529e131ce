using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmsSaga.Components.Platform.Hosting;
using SmsSaga.Components.Platform.Outbox;
using SmsSaga.Components.Platform.Persistence;
using SmsSaga.Contracts.Internal;

namespace SmsSaga.Components.Dispatch;

/// <summary>
/// The simulator's delivery-report sender: publishes every report that has come due. Rows are claimed with
/// <c>FOR UPDATE SKIP LOCKED</c>, so several gateway instances share the work, and each report is written to
/// the bus outbox in the transaction that marks it sent: it goes out once that commits, or not at all.
/// </summary>
public sealed class SimulatorReportPump(IServiceScopeFactory scopes, TimeProvider clock, ILogger<SimulatorReportPump> logger)
    : BatchLoop(clock, logger)
{
    protected override int BatchSize => 200;
    protected override TimeSpan Idle => TimeSpan.FromMilliseconds(50);

    public static DeliveryReported Report(SimulatorSubmission s, DateTimeOffset at) =>
        new(s.MessageId, s.ProviderMessageId, s.Delivered, s.Delivered ? "DELIVRD" : "UNDELIV", at);

    protected override async Task<int> RunBatch(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SmsDbContext>();
        var outbox = scope.ServiceProvider.GetRequiredService<BusOutbox>();
        return await db.InTransactionAsync(async () =>
        {
            var now = Clock.GetUtcNow();
            var due = await db.SimulatorSubmissions
                .FromSql($"""
                    SELECT * FROM simulator_submissions
                    WHERE reported_at IS NULL AND report_due <= {now}
                    ORDER BY report_due LIMIT {BatchSize}
                    FOR UPDATE SKIP LOCKED
                    """)
                .ToListAsync(cancellationToken);
            if (due.Count == 0)
                return 0;

            foreach (var submission in due)
            {
                await outbox.Publisher.Publish(Report(submission, now), cancellationToken);
                submission.ReportedAt = now;
            }

            await db.SaveChangesAsync(cancellationToken);
            return due.Count;
        }, cancellationToken);
    }
}
