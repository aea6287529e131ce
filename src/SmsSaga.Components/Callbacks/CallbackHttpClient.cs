namespace SmsSaga.Components.Callbacks;

/// <summary>The one HTTP client status callbacks go out on (pooled connections, refreshed every few minutes for DNS changes).</summary>
public sealed class CallbackHttpClient : IDisposable
{
    public HttpClient Client { get; } = new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(5),
        AllowAutoRedirect = false,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan, // each POST has its own time-out (CallbackOptions.Timeout)
    };

    public void Dispose() => Client.Dispose();
}
