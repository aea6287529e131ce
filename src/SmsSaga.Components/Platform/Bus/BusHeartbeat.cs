using System.Collections.Concurrent;
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

    readonly ConcurrentDictionary<ReceiveContext, long> _inFlight = new();

    /// <summary>How long the oldest message still being handled has been at it (zero when none is).</summary>
    public TimeSpan OldestInFlight
    {
        get
        {
            var now = Clock.GetUtcNow().UtcTicks;
            // One snapshot: the last message may finish between an emptiness check and the minimum (which then threw,
            // and took the host down with the watchdog).
            var oldest = _inFlight.Values.DefaultIfEmpty(now).Min();
            return TimeSpan.FromTicks(now - oldest);
        }
    }

    /// <summary>What is wrong with the bus, or null: no probe back for <paramref name="silence"/>, or a message stuck.</summary>
    public string? Problem(TimeSpan silence, TimeSpan stuck) =>
        Silence > silence ? $"no message round trip through the broker for {Silence.TotalSeconds:F0} s"
        : OldestInFlight > stuck ? $"a message has been in handling for {OldestInFlight.TotalSeconds:F0} s"
        : null;

    public void Received(ReceiveContext context) => _inFlight[context] = Clock.GetUtcNow().UtcTicks;

    public void Done(ReceiveContext context) => _inFlight.TryRemove(context, out _);
}

/// <summary>Tells the heartbeat which messages are being handled, from receipt to acknowledgement.</summary>
public sealed class InFlightReceives(BusHeartbeat heartbeat) : IReceiveObserver
{
    public Task PreReceive(ReceiveContext context)
    {
        heartbeat.Received(context);
        return Task.CompletedTask;
    }

    public Task PostReceive(ReceiveContext context)
    {
        heartbeat.Done(context);
        return Task.CompletedTask;
    }

    public Task ReceiveFault(ReceiveContext context, Exception exception)
    {
        heartbeat.Done(context);
        return Task.CompletedTask;
    }

    public Task PostConsume<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType) where T : class => Task.CompletedTask;

    public Task ConsumeFault<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType, Exception exception) where T : class =>
        Task.CompletedTask;
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

/// <summary>
/// Unhealthy while no probe has come back for <see cref="BusWatchdogOptions.UnhealthyAfter"/>, or a message has been in
/// handling for <see cref="BusWatchdogOptions.StuckAfter"/>.
/// </summary>
public sealed class BusRoundTripHealthCheck(BusHeartbeat heartbeat, IOptions<BusWatchdogOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(heartbeat.Problem(options.Value.UnhealthyAfter, options.Value.StuckAfter) is { } problem
            ? HealthCheckResult.Unhealthy(problem)
            : HealthCheckResult.Healthy());
}

/// <summary>
/// Each retry of a message counts as progress: the watchdog's "in handling for too long" is measured from the latest
/// attempt, so a message retried every few seconds while the database is away is waiting, not stuck.
/// </summary>
public sealed class RetriesAreProgress(BusHeartbeat heartbeat) : IRetryObserver
{
    public Task PreRetry<T>(RetryContext<T> context) where T : class, PipeContext
    {
        if (context.Context is ConsumeContext consume)
            heartbeat.Received(consume.ReceiveContext);
        return Task.CompletedTask;
    }

    public Task PostCreate<T>(RetryPolicyContext<T> context) where T : class, PipeContext => Task.CompletedTask;

    public Task PostFault<T>(RetryContext<T> context) where T : class, PipeContext => Task.CompletedTask;

    public Task RetryFault<T>(RetryContext<T> context) where T : class, PipeContext => Task.CompletedTask;

    public Task RetryComplete<T>(RetryContext<T> context) where T : class, PipeContext => Task.CompletedTask;
}
