using System.Diagnostics;
using System.Runtime.InteropServices;

namespace SmsSaga.Bench;

/// <summary>
/// One open-loop step: sends requests at a fixed rate for a warmup window (not recorded) and then a
/// recorded window, whatever the server's pace. Request i is due at start + i / rate, and its latency
/// runs from that due time (not from when it was actually sent) to the end of its response, so time a
/// backed-up client or server made it wait is counted (no coordinated omission). A request that falls
/// due while <c>maxInFlight</c> requests are outstanding is not sent and is counted as dropped.
/// </summary>
public sealed class LoadStep
{
    private readonly HttpClient _client;
    private readonly Func<HttpRequestMessage> _newRequest;
    private readonly double _rate;
    private readonly double _recordedSeconds;
    private readonly int _maxInFlight;
    private readonly int _warmupCount;
    private readonly int[] _statuses;
    private readonly double[] _latenciesMs;
    private readonly double[] _sendLagsMs;
    private int _inFlight;

    /// <param name="client">The shared client; its base address is the gateway's URL.</param>
    /// <param name="newRequest">Makes the next request (called once per request sent).</param>
    /// <param name="rate">Requests per second.</param>
    /// <param name="warmupSeconds">Seconds sent first and not recorded.</param>
    /// <param name="recordedSeconds">Seconds recorded after the warmup.</param>
    /// <param name="maxInFlight">Outstanding requests beyond which a due request is dropped.</param>
    public LoadStep(
        HttpClient client, Func<HttpRequestMessage> newRequest, double rate, double warmupSeconds, double recordedSeconds, int maxInFlight)
    {
        _client = client;
        _newRequest = newRequest;
        _rate = rate;
        _recordedSeconds = recordedSeconds;
        _maxInFlight = maxInFlight;
        _warmupCount = (int)Math.Round(rate * warmupSeconds);
        var recordedCount = (int)Math.Round(rate * recordedSeconds);
        _statuses = new int[recordedCount];
        _latenciesMs = new double[recordedCount];
        _sendLagsMs = new double[recordedCount];
    }

    /// <summary>Runs the step and waits for every request sent to end (response, error or timeout).</summary>
    public async Task<StepResult> RunAsync()
    {
        // The schedule runs on a thread of its own, so a busy thread pool cannot make it late. It starts
        // each request itself (up to the first wait for the network); responses complete on the pool.
        var sends = await Task.Factory.StartNew(
            Schedule, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        await Task.WhenAll(sends);
        return new StepResult(_rate, _recordedSeconds, _statuses, _latenciesMs, _sendLagsMs);
    }

    private List<Task> Schedule()
    {
        var total = _warmupCount + _statuses.Length;
        var sends = new List<Task>(total);
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < total; i++)
        {
            var due = start + (long)(i * (Stopwatch.Frequency / _rate));
            SleepUntil(due);
            var slot = i - _warmupCount; // negative during the warmup: not recorded
            if (Interlocked.Increment(ref _inFlight) > _maxInFlight)
            {
                Interlocked.Decrement(ref _inFlight);
                if (slot >= 0)
                {
                    _statuses[slot] = StepResult.Dropped;
                }
                continue;
            }
            sends.Add(SendAsync(slot, due));
        }
        return sends;
    }

    private async Task SendAsync(int slot, long due)
    {
        var status = StepResult.NoResponse;
        var sent = Stopwatch.GetTimestamp();
        try
        {
            using var request = _newRequest();
            using var response = await _client.SendAsync(request); // reads the whole body
            status = (int)response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            // Connection refused or reset, or HttpClient.Timeout: counted as "no response".
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
        if (slot >= 0)
        {
            _statuses[slot] = status;
            _latenciesMs[slot] = Stopwatch.GetElapsedTime(due).TotalMilliseconds;
            _sendLagsMs[slot] = Stopwatch.GetElapsedTime(due, sent).TotalMilliseconds;
        }
    }

    /// <summary>Sleeps until <paramref name="due"/>, a <see cref="Stopwatch"/> timestamp.</summary>
    private static void SleepUntil(long due)
    {
        while (Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due) is var remaining && remaining > TimeSpan.Zero)
        {
            if (OperatingSystem.IsLinux())
            {
                // .NET's own sleeps and timers count whole milliseconds, which would make every request up to
                // a millisecond late: as much as a whole loopback round trip, so the baseline would be mostly
                // the client's own lateness. nanosleep wakes within tens of microseconds and does not spin.
                var duration = new Timespec(remaining.Ticks / TimeSpan.TicksPerSecond, remaining.Ticks % TimeSpan.TicksPerSecond * 100);
                _ = NanoSleep(in duration, IntPtr.Zero);
            }
            else
            {
                Thread.Sleep(Math.Max(1, (int)remaining.TotalMilliseconds));
            }
        }
    }

    [DllImport("libc", EntryPoint = "nanosleep")]
    private static extern int NanoSleep(in Timespec duration, IntPtr remaining);

    [StructLayout(LayoutKind.Sequential)]
    private readonly record struct Timespec(long Seconds, long Nanoseconds);
}
