using System.Globalization;
using System.Text;

namespace SmsSaga.Bench;

/// <summary>
/// What one step recorded, for every request due in its recorded window: the HTTP status (or dropped, or
/// no response) and, for those that got a response, the latency from the due time. Gives exact
/// nearest-rank percentiles of those latencies and formats the report's Markdown table.
/// </summary>
public sealed class StepResult
{
    /// <summary>Status of a request that was not sent because too many were in flight.</summary>
    public const int Dropped = 0;

    /// <summary>Status of a request that got no HTTP response (connection error or timeout).</summary>
    public const int NoResponse = -1;

    private readonly int[] _statuses;
    private readonly double[] _sortedLatenciesMs;
    private readonly double[] _sortedSendLagsMs;

    /// <param name="targetRate">The requests per second the step was asked for.</param>
    /// <param name="seconds">Length of the recorded window.</param>
    /// <param name="statuses">One per recorded request: an HTTP status, <see cref="Dropped"/> or <see cref="NoResponse"/>.</param>
    /// <param name="latenciesMs">Same index: due time to end of response, in ms (used where a response came).</param>
    /// <param name="sendLagsMs">Same index: due time to the start of sending, in ms: how late the client itself was.</param>
    public StepResult(double targetRate, double seconds, int[] statuses, double[] latenciesMs, double[] sendLagsMs)
    {
        TargetRate = targetRate;
        Seconds = seconds;
        _statuses = statuses;
        var answered = Enumerable.Range(0, statuses.Length).Where(i => statuses[i] > 0).ToArray();
        _sortedLatenciesMs = [.. answered.Select(i => latenciesMs[i]).Order()];
        _sortedSendLagsMs = [.. answered.Select(i => sendLagsMs[i]).Order()];
    }

    /// <summary>The requests per second the step was asked for.</summary>
    public double TargetRate { get; }

    /// <summary>Length of the recorded window in seconds.</summary>
    public double Seconds { get; }

    /// <summary>How many recorded requests ended with <paramref name="status"/>.</summary>
    public int Count(int status) => _statuses.Count(s => s == status);

    /// <summary>Requests with <paramref name="status"/> per second of the recorded window.</summary>
    public double PerSecond(int status) => Count(status) / Seconds;

    /// <summary>
    /// Nearest-rank percentile of the latencies of requests that got a response, in ms: the smallest
    /// recorded latency that at least <paramref name="percent"/> % of them do not exceed. NaN if none.
    /// </summary>
    public double LatencyMs(double percent) => NearestRank(_sortedLatenciesMs, percent);

    /// <summary>Nearest-rank percentile of how late the client started sending, in ms. NaN if none.</summary>
    public double SendLagMs(double percent) => NearestRank(_sortedSendLagsMs, percent);

    /// <summary>Counts by status, e.g. "202: 4990, 429: 10, dropped: 0".</summary>
    public string StatusSummary()
    {
        var parts = _statuses.Where(s => s > 0).GroupBy(s => s).OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count()}").ToList();
        if (Count(NoResponse) > 0)
        {
            parts.Add($"no response: {Count(NoResponse)}");
        }
        parts.Add($"dropped: {Count(Dropped)}");
        return string.Join(", ", parts);
    }

    /// <summary>
    /// The Markdown table of a run: one row per rate, the message endpoint's step beside its baseline.
    /// Latencies in ms; the ratios are the endpoint's percentile over the baseline's.
    /// </summary>
    public static string FormatTable(IEnumerable<(StepResult Endpoint, StepResult Baseline)> steps, int acceptedStatus)
    {
        var table = new StringBuilder()
            .AppendLine($"| target req/s | {acceptedStatus}/s | POST statuses | POST p50 | POST p95 | POST p99 | POST max | client lag p99 " +
                "| healthz statuses | healthz p50 | healthz p95 | healthz p99 | healthz max | p50 ratio | p99 ratio |")
            .AppendLine("| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (endpoint, baseline) in steps)
        {
            string[] cells =
            [
                Format(endpoint.TargetRate, "0.##"),
                Format(endpoint.PerSecond(acceptedStatus), "0.0"),
                endpoint.StatusSummary(),
                Ms(endpoint.LatencyMs(50)), Ms(endpoint.LatencyMs(95)), Ms(endpoint.LatencyMs(99)), Ms(endpoint.LatencyMs(100)),
                Ms(Math.Max(endpoint.SendLagMs(99), baseline.SendLagMs(99))),
                baseline.StatusSummary(),
                Ms(baseline.LatencyMs(50)), Ms(baseline.LatencyMs(95)), Ms(baseline.LatencyMs(99)), Ms(baseline.LatencyMs(100)),
                Format(endpoint.LatencyMs(50) / baseline.LatencyMs(50), "0.0"),
                Format(endpoint.LatencyMs(99) / baseline.LatencyMs(99), "0.0"),
            ];
            table.AppendLine($"| {string.Join(" | ", cells)} |");
        }
        return table.ToString();
    }

    internal static double NearestRank(double[] sorted, double percent) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Max(0, (int)Math.Ceiling(percent / 100 * sorted.Length) - 1)];

    private static string Ms(double ms) => Format(ms, "0.00");

    private static string Format(double value, string format) =>
        double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "–";
}
