using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmsSaga.Components.Clients;
using SmsSaga.Components.Platform.Telemetry;
using SmsSaga.Contracts.Internal;

namespace SmsSaga.Components.Intake;

/// <summary>
/// Each client's rate on the bus (<see cref="BusLimitOptions"/>): a bucket per client in PostgreSQL (<c>bus:</c> and the
/// client id, beside its API bucket), so the rate holds across gateways. A request over the rate takes its turn from the
/// bucket at once, as debt, and is sent to <see cref="AdmitSmsConsumer"/> through the scheduler for the time the turn
/// comes: one scheduled message per request, however far behind the client is, and none is refused or lost (the
/// scheduler is persistent; a crash before the command is acknowledged schedules it twice, and the hold, keyed by the
/// message id, admits it once).
/// </summary>
public sealed class BusLimit(IOptions<BusLimitOptions> options, RateLimiter buckets, TimeProvider clock, ILogger<BusLimit> logger)
{
    public const string BucketPrefix = "bus:";

    /// <summary>True when <paramref name="requested"/> may go now; otherwise it has been put off, and the caller is done.</summary>
    public async Task<bool> AdmitNowAsync(ConsumeContext context, SmsRequested requested)
    {
        var (rate, burst) = options.Value.For(requested.ClientId);
        if (rate <= 0)
            return true;
        var wait = await buckets.ReserveAsync(BucketPrefix + requested.ClientId, rate, burst, context.CancellationToken);
        if (wait <= TimeSpan.Zero)
            return true;

        var now = clock.GetUtcNow();
        await context.ScheduleSend(new Uri($"queue:{AdmitSmsConsumer.QueueName}"), (now + wait).UtcDateTime, new AdmitSms(requested, now));
        SmsMetrics.BusDeferred();
        logger.LogInformation("SendSms {MessageId} of client {ClientId} waits {Wait} for its turn (bus limit {Rate}/s)",
            requested.MessageId, requested.ClientId, wait, rate);
        return false;
    }
}
