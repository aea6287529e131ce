using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmsSaga.Contracts.Internal;

namespace SmsSaga.Components.Platform.Bus;

/// <summary>
/// Publishes a probe through the broker every <see cref="BusWatchdogOptions.Interval"/> and watches it come back on the
/// process's own temporary queue (<see cref="BusHeartbeat"/>). With RabbitMQ.Client 7.2 a broker that closes its
/// connections can leave the client's shutdown waiting for ever, and MassTransit's receive endpoints never start to
/// reconnect while its health check still says healthy (docs/reliability.md). A process in that state cannot repair
/// itself, so the watchdog makes it visible (503 from <c>/readyz</c> and <c>/healthz</c>) and, if it lasts, stops the
/// process for its supervisor to start afresh. Every message is safe in the broker or the database meanwhile.
/// </summary>
public sealed class BusWatchdog(
    IBus bus,
    BusHeartbeat heartbeat,
    IOptions<BusWatchdogOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<BusWatchdog> logger) : BackgroundService
{
    static readonly TimeProvider Clock = TimeProvider.System; // real time, like the heartbeat's

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        while (!stoppingToken.IsCancellationRequested)
        {
            // A publish that ignores its time-out (the client's wedge) must not keep the watchdog from looking.
            await Task.WhenAny(Probe(settings, stoppingToken), Task.Delay(settings.PublishTimeout, Clock, stoppingToken));
            if (settings.ExitAfter > TimeSpan.Zero && heartbeat.Problem(settings.ExitAfter, settings.StuckAfter) is { } problem)
            {
                logger.LogCritical("The bus is stuck ({Problem}); stopping so that a fresh process takes over", problem);
                lifetime.StopApplication();
                _ = ExitIfStopHangs(settings.ForceExitAfter);
                return;
            }

            await Task.Delay(settings.Interval, Clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    async Task Probe(BusWatchdogOptions settings, CancellationToken stoppingToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(settings.PublishTimeout);
        try
        {
            await bus.Publish(new BusProbe(heartbeat.Instance, Clock.GetUtcNow()), timeout.Token);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "The bus probe could not be published; no round trip for {Silence}", heartbeat.Silence);
        }
    }

    /// <remarks>The orderly stop waits on the same stuck client, so it may never finish: exit code 70 (EX_SOFTWARE) then.</remarks>
    static async Task ExitIfStopHangs(TimeSpan after)
    {
        await Task.Delay(after);
        Environment.Exit(70);
    }
}
