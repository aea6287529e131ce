using MassTransit;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using SmsSaga.Contracts.Internal;

namespace SmsSaga.Components.Platform.Bus;

/// <summary>
/// When this process last saw its own probe come back through the broker (<see cref="BusWatchdog"/>). It starts as the
/// time the process started, so a new process has <see cref="BusWatchdogOptions.UnhealthyAfter"/> to make its first
/// round trip. Real time, not the container's clock: the saga's clock may be shifted or stopped (tests).
/// </summary>
public sealed class BusHeartbeat
{
    static readonly TimeProvider Clock = TimeProvider.System;
    long _lastTicks = Clock.GetUtcNow().UtcTicks;

    /// <summary>This process's probes carry this id; another gateway's probes do not count.</summary>
    public Guid Instance { get; } = Guid.NewGuid();

    /// <summary>The temporary queue (deleted when the process goes) this process's probes come back on.</summary>
    public string QueueName => $"bus-probe-{Instance:N}";

    public DateTimeOffset LastRoundTrip => new(Interlocked.Read(ref _lastTicks), TimeSpan.Zero);

    public TimeSpan Silence => Clock.GetUtcNow() - LastRoundTrip;

    public void Record() => Interlocked.Exchange(ref _lastTicks, Clock.GetUtcNow().UtcTicks);
}

/// <summary>Takes a probe back off the broker; only this process's own count.</summary>
public sealed class BusProbeConsumer(BusHeartbeat heartbeat) : IConsumer<BusProbe>
{
    public Task Consume(ConsumeContext<BusProbe> context)
    {
        if (context.Message.Instance == heartbeat.Instance)
            heartbeat.Record();
        return Task.CompletedTask;
    }
}

/// <summary>Unhealthy while no probe has come back for <see cref="BusWatchdogOptions.UnhealthyAfter"/>.</summary>
public sealed class BusRoundTripHealthCheck(BusHeartbeat heartbeat, IOptions<BusWatchdogOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var silence = heartbeat.Silence;
        return Task.FromResult(silence <= options.Value.UnhealthyAfter
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"no message round trip through the broker for {silence.TotalSeconds:F0} s"));
    }
}
