using SmsSaga.Components.Platform.Bus;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmsSaga.Components.Platform.Persistence;
using SmsSaga.Contracts.Internal;

namespace SmsSaga.Components.Dispatch;

/// <summary>
/// A provider that sends nothing: it answers after a configurable latency, refuses at configurable rates
/// and later reports delivery (published as <see cref="DeliveryReported"/>, as a real provider's webhook
/// would arrive). Like a real provider it remembers what it accepted — in <c>simulator_submissions</c>, so
/// the memory survives a gateway restart — takes the attempt id as the client reference, and answers a
/// repeated submission with the first acceptance while counting it.
/// </summary>
public sealed class SimulatorProvider(IOptionsMonitor<SimulatorOptions> options, IServiceScopeFactory scopes, IBus bus, TimeProvider clock)
    : ISmsProvider
{
    public string Name => "simulator";

    public async Task<SubmitResult> SubmitAsync(ProviderSubmission submission, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        await Task.Delay(Between(settings.MinLatencyMs, settings.MaxLatencyMs), clock, cancellationToken);

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SmsDbContext>();

        var repeated = await db.SimulatorSubmissions.Where(s => s.AttemptId == submission.AttemptId)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Submissions, x => x.Submissions + 1), cancellationToken);
        if (repeated > 0)
            return SubmitResult.Accept(await ProviderMessageIdOf(db, submission.AttemptId, cancellationToken));

        var roll = Random.Shared.NextDouble();
        if (settings.RejectedRecipients.Contains(submission.To))
            return SubmitResult.Refuse("sim_rejected", permanent: true, "the recipient is on the simulator's rejected list");
        if (settings.ThrottledRecipients.Contains(submission.To))
            return SubmitResult.Refuse("sim_throttled", permanent: false, "the recipient is on the simulator's throttled list");
        // A recipient on a list gets what the list says, never a refusal by chance.
        var unreported = settings.UnreportedRecipients.Contains(submission.To);
        if (!unreported && roll < settings.PermanentFailureRate)
            return SubmitResult.Refuse("sim_rejected", permanent: true, "simulated permanent refusal");
        if (!unreported && roll < settings.PermanentFailureRate + settings.TransientFailureRate)
            return SubmitResult.Refuse("sim_throttled", permanent: false, "simulated transient refusal");

        var now = clock.GetUtcNow();
        var reportFirst = !unreported && Random.Shared.NextDouble() < settings.ReportBeforeAckRate;
        var accepted = new SimulatorSubmission
        {
            AttemptId = submission.AttemptId,
            MessageId = submission.MessageId,
            ProviderMessageId = "sim-" + submission.AttemptId.ToString("N"),
            Submissions = 1,
            Delivered = Random.Shared.NextDouble() < settings.DeliveredRate,
            ReportDue = unreported ? now.AddYears(100) : reportFirst ? now : now + Between(settings.MinReportDelayMs, settings.MaxReportDelayMs),
        };
        // Two racing calls with one reference: the second counts as a repeat and gets the first's id.
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO simulator_submissions (attempt_id, message_id, provider_message_id, submissions, delivered, report_due)
            VALUES ({accepted.AttemptId}, {accepted.MessageId}, {accepted.ProviderMessageId}, 1, {accepted.Delivered}, {accepted.ReportDue})
            ON CONFLICT (attempt_id) DO UPDATE SET submissions = simulator_submissions.submissions + 1
            """, cancellationToken);

        if (reportFirst)
        {
            // The report is on the bus before the acknowledgement is returned.
            await BrokerSend.Within(token => bus.Publish(SimulatorReportPump.Report(accepted, clock.GetUtcNow()), token), cancellationToken);
            await db.SimulatorSubmissions.Where(s => s.AttemptId == accepted.AttemptId)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.ReportedAt, clock.GetUtcNow()), cancellationToken);
        }

        return SubmitResult.Accept(accepted.ProviderMessageId);
    }

    static Task<string> ProviderMessageIdOf(SmsDbContext db, Guid attemptId, CancellationToken cancellationToken) =>
        db.SimulatorSubmissions.Where(s => s.AttemptId == attemptId).Select(s => s.ProviderMessageId).SingleAsync(cancellationToken);

    static TimeSpan Between(int minMs, int maxMs) =>
        TimeSpan.FromMilliseconds(maxMs <= minMs ? minMs : Random.Shared.Next(minMs, maxMs + 1));
}
