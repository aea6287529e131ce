using System.Diagnostics.Metrics;
using Serilog.Sinks.Async;
using SmsSaga.Components.Platform.Telemetry;

namespace SmsSaga.Gateway.Hosting;

/// <summary>
/// Watches the asynchronous log sink's buffer: logging hands events to it and never waits for the console, and when
/// the buffer is full (standard output blocked or too slow) an event is dropped, not the caller held up. The drops and
/// the buffer's depth are metrics (<c>smssaga.log.dropped</c>, <c>smssaga.log.buffered</c>), so a lost log line is
/// counted, never silent.
/// </summary>
public sealed class LogBuffer : IAsyncLogEventSinkMonitor
{
    public const int Size = 10_000;

    public static readonly LogBuffer Instance = new();

    IAsyncLogEventSinkInspector? _inspector;

    LogBuffer()
    {
        var meter = new Meter(SmsMetrics.MeterName + ".Logging");
        meter.CreateObservableCounter("smssaga.log.dropped", () => _inspector?.DroppedMessagesCount ?? 0L, "{event}",
            "Log events dropped because the log buffer was full");
        meter.CreateObservableGauge("smssaga.log.buffered", () => _inspector?.Count ?? 0, "{event}", "Log events waiting to be written");
    }

    public long Dropped => _inspector?.DroppedMessagesCount ?? 0;

    public void StartMonitoring(IAsyncLogEventSinkInspector inspector) => _inspector = inspector;

    public void StopMonitoring(IAsyncLogEventSinkInspector inspector)
    {
        if (ReferenceEquals(_inspector, inspector))
            _inspector = null;
    }
}
