using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmsSaga.Contracts.Internal;

namespace SmsSaga.Components.Providers;

/// <summary>
/// A provider that sends nothing: it answers after a configurable latency, fails at configurable rates and
/// later publishes a delivery report, as a real provider's webhook would. Like a real provider it takes
/// the attempt id as the client reference and answers a repeat with the first acceptance.
/// </summary>
public sealed class SimulatorProvider(
    IOptionsMonitor<SimulatorOptions> options, IBus bus, TimeProvider clock, ILogger<SimulatorProvider> logger) : ISmsProvider
{
    readonly ConcurrentDictionary<Guid, string> _accepted = new();
    long _submissions;
    long _repeats;

    public string Name => "simulator";

    /// <summary>Submissions seen, and how many of them repeated an attempt already accepted.</summary>
    public (long Submissions, long Repeats) Counts => (Interlocked.Read(ref _submissions), Interlocked.Read(ref _repeats));

    public async Task<SubmitResult> SubmitAsync(ProviderSubmission submission, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        Interlocked.Increment(ref _submissions);
        await Task.Delay(Between(settings.MinLatencyMs, settings.MaxLatencyMs), clock, cancellationToken);

        if (_accepted.TryGetValue(submission.AttemptId, out var known))
        {
            Interlocked.Increment(ref _repeats);
            return SubmitResult.Accept(known);
        }

        var roll = Random.Shared.NextDouble();
        if (roll < settings.PermanentFailureRate)
            return SubmitResult.Refuse("sim_rejected", permanent: true, "simulated permanent refusal");
        if (roll < settings.PermanentFailureRate + settings.TransientFailureRate)
            return SubmitResult.Refuse("sim_throttled", permanent: false, "simulated transient refusal");

        var providerMessageId = "sim-" + submission.AttemptId.ToString("N");
        _accepted[submission.AttemptId] = providerMessageId;

        var report = new DeliveryReported(submission.MessageId, providerMessageId,
            Delivered: Random.Shared.NextDouble() < settings.DeliveredRate,
            ProviderCode: "", ReportedAt: default);
        var delay = Random.Shared.NextDouble() < settings.ReportBeforeAckRate
            ? TimeSpan.Zero
            : Between(settings.MinReportDelayMs, settings.MaxReportDelayMs);
        var sending = ReportLater(report, delay);
        if (delay == TimeSpan.Zero)
            await sending; // the report is on the bus before the acknowledgement is returned

        return SubmitResult.Accept(providerMessageId);
    }

    /// <summary>
    /// Publishes the report after the delay. Like a provider's webhook, a report this process could not
    /// deliver (broker down, process stopped) is lost; the saga's delivery-report window covers that.
    /// </summary>
    async Task ReportLater(DeliveryReported report, TimeSpan delay)
    {
        try
        {
            if (delay > TimeSpan.Zero)
                await Task.Delay(delay, clock);
            await bus.Publish(report with
            {
                ProviderCode = report.Delivered ? "DELIVRD" : "UNDELIV",
                ReportedAt = clock.GetUtcNow(),
            });
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Simulated delivery report for message {MessageId} was lost", report.MessageId);
        }
    }

    static TimeSpan Between(int minMs, int maxMs) =>
        TimeSpan.FromMilliseconds(maxMs <= minMs ? minMs : Random.Shared.Next(minMs, maxMs + 1));
}
