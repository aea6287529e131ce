using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using SmsSaga.Gateway.Access;
using SmsSaga.Gateway.Http;

namespace SmsSaga.Gateway.Tests;

public sealed class FailedKeysTests
{
    static DefaultHttpContext From(string address) => new() { Connection = { RemoteIpAddress = IPAddress.Parse(address) } };

    static async Task<TimeSpan> Timed(Func<Task> failure)
    {
        var started = Stopwatch.GetTimestamp();
        await failure();
        return Stopwatch.GetElapsedTime(started);
    }

    [Fact]
    public async Task A_source_that_keeps_sending_wrong_keys_waits_longer_each_time_and_no_other_source_does()
    {
        var failed = new FailedKeys(Options.Create(new ApiOptions { FreeKeyFailures = 3 }), TimeProvider.System);
        var guesser = From("203.0.113.7");

        var free = new List<TimeSpan>();
        for (var i = 0; i < 3; i++)
            free.Add(await Timed(() => failed.SlowDownAsync(guesser)));
        var slowed = new List<TimeSpan>();
        for (var i = 0; i < 3; i++)
            slowed.Add(await Timed(() => failed.SlowDownAsync(guesser)));
        var someoneElse = await Timed(() => failed.SlowDownAsync(From("198.51.100.1")));

        Assert.All(free, t => Assert.True(t < TimeSpan.FromMilliseconds(50), $"a free failure waited {t.TotalMilliseconds} ms"));
        Assert.True(slowed[0] >= TimeSpan.FromMilliseconds(90), $"4th: {slowed[0].TotalMilliseconds} ms"); // 100 ms, then 200, then 400
        Assert.True(slowed[2] >= TimeSpan.FromMilliseconds(380), $"6th: {slowed[2].TotalMilliseconds} ms");
        Assert.True(someoneElse < TimeSpan.FromMilliseconds(50), $"another source waited {someoneElse.TotalMilliseconds} ms");
    }
}
