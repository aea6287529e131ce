using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Options;
using SmsSaga.Gateway.Http;

namespace SmsSaga.Gateway.Access;

/// <summary>
/// Slows down guessing keys: each source address gets its first <see cref="ApiOptions.FreeKeyFailures"/> wrong or missing keys in a
/// minute answered at once, and every 401 after that waits longer, doubling up to <see cref="MaxDelay"/>, before it goes
/// out. The wait is asynchronous (no thread is held) and a right key is never slowed. One process's count: with several
/// API instances behind a balancer each slows what it sees.
/// </summary>
public sealed class FailedKeys(IOptions<ApiOptions> options, TimeProvider clock)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);
    const int MaxSources = 100_000;

    readonly ConcurrentDictionary<IPAddress, (long Count, DateTimeOffset Since)> _failures = new();

    /// <summary>Counts one more failure from the request's source and waits as long as its count says.</summary>
    public async Task SlowDownAsync(HttpContext http)
    {
        var source = http.Connection.RemoteIpAddress ?? IPAddress.None;
        var now = clock.GetUtcNow();
        if (_failures.Count > MaxSources)
            Forget(now);
        var (count, _) = _failures.AddOrUpdate(source, _ => (1, now),
            (_, seen) => now - seen.Since > Window ? (1, now) : (seen.Count + 1, seen.Since));
        var free = options.Value.FreeKeyFailures;
        if (count <= free)
            return;
        var delay = TimeSpan.FromMilliseconds(Math.Min(MaxDelay.TotalMilliseconds, 100 * Math.Pow(2, Math.Min(count - free - 1, 16))));
        try
        {
            await Task.Delay(delay, clock, http.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            // the caller gave up waiting: nothing to answer
        }
    }

    void Forget(DateTimeOffset now)
    {
        foreach (var (source, seen) in _failures)
            if (now - seen.Since > Window)
                _failures.TryRemove(source, out _);
    }
}
