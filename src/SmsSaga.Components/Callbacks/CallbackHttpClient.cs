namespace SmsSaga.Components.Callbacks;

/// <summary>
/// The one HTTP client status callbacks go out on (pooled connections, refreshed every few minutes for DNS changes). Every
/// connection it makes goes through <see cref="CallbackDestinations.ConnectAsync"/>: only to allowed addresses.
/// </summary>
public sealed class CallbackHttpClient(CallbackDestinations destinations) : IDisposable
{
    public HttpClient Client { get; } = new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(5),
        AllowAutoRedirect = false,
        UseProxy = false, // a proxy would connect for us, past the address check
        ConnectCallback = destinations.ConnectAsync,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan, // each POST has its own time-out (CallbackOptions.Timeout)
    };

    public void Dispose() => Client.Dispose();
}
