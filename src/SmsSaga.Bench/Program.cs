using System.Globalization;
using System.Net;
using System.Text;

namespace SmsSaga.Bench;

/// <summary>
/// smssaga-bench: measures the gateway's <c>POST /v1/messages</c> at increasing open-loop rates, each step
/// followed by the same rate of <c>GET /healthz</c> (a plain HTTP round trip) as a baseline, and prints a
/// Markdown report. Parses the command line, checks the gateway answers, then runs the steps in order.
/// </summary>
public static class Program
{
    private const string Usage = """
        usage: smssaga-bench --url URL --key API_KEY [options]
          --rates R1,R2,...    requests per second of each step (default 100,250,500,750)
          --seconds S          recorded seconds per step (default 10)
          --warmup S           unrecorded seconds before each step (default 2)
          --max-in-flight N    outstanding requests beyond which a due request is dropped (default 2000)
          --out FILE           also write the report to FILE
          --label TEXT         what was measured (e.g. the gateway's layout), a line in the report
        """;

    private const int Accepted = (int)HttpStatusCode.Accepted;

    /// <summary>0 when the run completed, 2 on bad arguments, 3 when the gateway does not answer /healthz.</summary>
    public static async Task<int> Main(string[] args)
    {
        if (args is ["pipeline", .. var rest])
            return await PipelineBurst.RunAsync(rest);

        Options options;
        try
        {
            options = Parse(args);
        }
        catch (FormatException e)
        {
            Console.Error.WriteLine($"smssaga-bench: {e.Message}");
            Console.Error.WriteLine(Usage);
            return 2;
        }
        if (options.Help)
        {
            Console.WriteLine(Usage);
            return 0;
        }

        using var client = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 512,
            PooledConnectionLifetime = TimeSpan.FromHours(1),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(5),
            UseCookies = false,
        })
        {
            BaseAddress = options.Url,
            Timeout = TimeSpan.FromSeconds(30),
        };
        if (await HealthProblemAsync(client) is { } problem)
        {
            Console.Error.WriteLine($"smssaga-bench: {new Uri(options.Url, "healthz")} {problem}");
            return 3;
        }

        var runId = DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        long sequence = 0;
        HttpRequestMessage NewMessage()
        {
            var n = Interlocked.Increment(ref sequence);
            var request = new HttpRequestMessage(HttpMethod.Post, "v1/messages")
            {
                Content = new StringContent(
                    $$"""{"to":"+4479111{{n % 100_000:D5}}","text":"Benchmark message {{n}}","reference":"bench"}""",
                    Encoding.UTF8,
                    "application/json"),
            };
            request.Headers.Add("X-API-Key", options.Key);
            request.Headers.Add("Idempotency-Key", $"bench-{runId}-{n}");
            return request;
        }
        static HttpRequestMessage NewHealthCheck() => new(HttpMethod.Get, "healthz");

        var steps = new List<(StepResult Endpoint, StepResult Baseline)>();
        foreach (var rate in options.Rates)
        {
            Console.Error.WriteLine($"[bench] {rate}/s POST /v1/messages: {options.Warmup} s warmup, {options.Seconds} s recorded");
            var endpoint = await new LoadStep(client, NewMessage, rate, options.Warmup, options.Seconds, options.MaxInFlight).RunAsync();
            Console.Error.WriteLine($"[bench] {rate}/s GET /healthz (baseline)");
            var baseline = await new LoadStep(client, NewHealthCheck, rate, options.Warmup, options.Seconds, options.MaxInFlight).RunAsync();
            steps.Add((endpoint, baseline));
        }

        var report = new StringBuilder()
            .AppendLine("# SmsSaga API benchmark")
            .AppendLine()
            .AppendLine($"{DateTimeOffset.Now:yyyy-MM-dd HH:mm:ss zzz} · nproc {Environment.ProcessorCount} · `{CommandLine(args)}`")
            .AppendLine()
            .AppendLine(options.Label ?? "")
            .AppendLine()
            .AppendLine("Open loop: request i of a step is due at start + i / rate, and its latency (ms) runs from that due time " +
                "to the end of its response, whatever the status; a request due while the in-flight cap is reached is dropped. " +
                $"{Accepted}/s counts the {Accepted} responses to requests due in the recorded window. Each POST step is followed by " +
                "a GET /healthz step at the same rate (the baseline); the ratios are POST over healthz. Client lag p99: how late " +
                "this tool itself started sending (worse of the two steps); latencies include it.")
            .AppendLine()
            .Append(StepResult.FormatTable(steps, Accepted))
            .ToString();
        Console.Write(report);
        if (options.Out is not null)
        {
            await File.WriteAllTextAsync(options.Out, report);
            Console.Error.WriteLine($"[bench] report written to {options.Out}");
        }
        return 0;
    }

    /// <summary>Null when GET /healthz answers 2xx within 5 seconds, otherwise what went wrong.</summary>
    private static async Task<string?> HealthProblemAsync(HttpClient client)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            using var response = await client.GetAsync("healthz", timeout.Token);
            return response.IsSuccessStatusCode ? null : $"answered {(int)response.StatusCode}";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return $"is unreachable: {e.Message}";
        }
    }

    private static Options Parse(string[] args)
    {
        var options = new Options();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "-h" or "--help")
            {
                return options with { Help = true };
            }
            var name = args[i];
            var value = i + 1 < args.Length ? args[++i] : throw new FormatException($"{name} needs a value");
            options = name switch
            {
                "--url" => options with { Url = ParseUrl(value) },
                "--key" => options with { Key = value },
                "--rates" => options with { Rates = [.. value.Split(',').Select(r => Number(name, r))] },
                "--seconds" => options with { Seconds = Number(name, value) },
                "--warmup" => options with { Warmup = Number(name, value, allowZero: true) },
                "--max-in-flight" => options with { MaxInFlight = (int)Number(name, value) },
                "--out" => options with { Out = value },
                "--label" => options with { Label = value },
                _ => throw new FormatException($"unknown option {name}"),
            };
        }
        if (options.Url is null || string.IsNullOrEmpty(options.Key))
        {
            throw new FormatException("--url and --key are required");
        }
        return options;
    }

    private static Uri ParseUrl(string value) =>
        Uri.TryCreate(value.TrimEnd('/') + "/", UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
            ? url
            : throw new FormatException($"--url {value} is not an http(s) URL");

    private static double Number(string name, string value, bool allowZero = false) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            && double.IsFinite(number) && (number > 0 || (allowZero && number == 0))
            ? number
            : throw new FormatException($"{name} {value} is not a {(allowZero ? "non-negative" : "positive")} number");

    /// <summary>The command line as run, for the report, with the API key masked.</summary>
    private static string CommandLine(string[] args)
    {
        var shown = args.Select((arg, i) => i > 0 && args[i - 1] == "--key" ? "***" : arg)
            .Select(arg => arg.Length > 0 && arg.All(c => char.IsAsciiLetterOrDigit(c) || "-_.,:/=+@*".Contains(c)) ? arg : $"'{arg}'");
        return string.Join(' ', ["smssaga-bench", .. shown]);
    }

    private sealed record Options
    {
        public Uri Url { get; init; } = null!;
        public string Key { get; init; } = "";
        public double[] Rates { get; init; } = [100, 250, 500, 750];
        public double Seconds { get; init; } = 10;
        public double Warmup { get; init; } = 2;
        public int MaxInFlight { get; init; } = 2000;
        public string? Out { get; init; }
        public string? Label { get; init; }
        public bool Help { get; init; }
    }
}
