using System.Diagnostics;

namespace SmsSaga.IntegrationTests.Reliability;

/// <summary>
/// The real gateway (src/SmsSaga.Gateway, built alongside the tests) as a separate process on loopback, so a
/// test can SIGKILL it and start it again. Like a supervisor (systemd's Restart=always), it starts the gateway again
/// when it exits on its own (<see cref="Restarts"/>). Its output goes to a log file beside the test binary.
/// </summary>
sealed class ExternalGateway(int port, IReadOnlyDictionary<string, string> settings) : IAsyncDisposable
{
    static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };
    Process? _process;

    public int Starts { get; private set; }

    /// <summary>How often the gateway exited on its own and was started again.</summary>
    public int Restarts { get; private set; }

    bool _stopping;
    public string LogFile { get; } = Path.Combine(AppContext.BaseDirectory, $"gateway-{port}.log");
    Uri Base => new($"http://127.0.0.1:{port}");

    static string GatewayDll
    {
        get
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // bin/<Configuration>/net10.0
            var root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../.."));
            return Path.Combine(root, "src/SmsSaga.Gateway/bin", configuration, "net10.0/SmsSaga.Gateway.dll");
        }
    }

    public async Task Start()
    {
        var start = new ProcessStartInfo("dotnet", [GatewayDll, "--urls", Base.ToString()])
        {
            WorkingDirectory = Path.GetDirectoryName(GatewayDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in settings)
            start.Environment[key] = value;
        start.Environment["Serilog__MinimumLevel__Default"] = "Warning";

        _stopping = false;
        _process = Process.Start(start) ?? throw new InvalidOperationException("the gateway did not start");
        Starts++;
        var log = new StreamWriter(LogFile, append: true) { AutoFlush = true };
        await log.WriteLineAsync($"--- start {Starts} at {DateTime.UtcNow:O}, pid {_process.Id}");
        var process = _process;
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) =>
        {
            lock (log)
                log.WriteLine($"--- exited at {DateTime.UtcNow:O}, code {process.ExitCode}");
            if (!_stopping && ReferenceEquals(process, _process))
                _ = RestartAfterExit(log);
        };
        Copy(process.StandardOutput, log);
        Copy(process.StandardError, log);

        Assert.True(await Eventually.Until(async () => await ReadyStatus() == 200, TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(200)),
            $"the gateway did not become ready; see {LogFile}");
    }

    /// <summary>
    /// Copies the gateway's output to the log on a thread of its own: if this process's thread pool is busy (its own
    /// in-process gateway reconnecting after a broker restart), the gateway must not fill its pipe and block on writing.
    /// </summary>
    static void Copy(StreamReader output, StreamWriter log) =>
        new Thread(() =>
        {
            while (output.ReadLine() is { } line)
                lock (log)
                    log.WriteLine(line);
        }) { IsBackground = true, Name = "gateway-output" }.Start();

    async Task RestartAfterExit(StreamWriter log)
    {
        Restarts++;
        try
        {
            await Start();
        }
        catch (Exception e)
        {
            lock (log)
                log.WriteLine($"--- the supervisor could not start it again: {e.Message}");
        }
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing, in-flight work simply stops.</summary>
    public async Task Kill()
    {
        _stopping = true;
        if (_process is null)
            return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    /// <summary>Whether the process is running, and its /readyz status: for a failure message.</summary>
    public async Task<string> Describe() =>
        _process is null or { HasExited: true } ? "the gateway process is not running" : $"the gateway answers /readyz {await ReadyStatus()}";

    /// <summary>The HTTP status of /readyz, or 0 when the process does not answer.</summary>
    public Task<int> ReadyStatus() => Status("/readyz");

    /// <summary>The HTTP status of /healthz, or 0 when the process does not answer.</summary>
    public Task<int> LiveStatus() => Status("/healthz");

    async Task<int> Status(string path)
    {
        try
        {
            using var response = await Http.GetAsync(new Uri(Base, path));
            return (int)response.StatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return 0;
        }
    }

    public async ValueTask DisposeAsync() => await Kill();
}
