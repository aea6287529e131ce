using Xunit.Abstractions;

namespace SmsSaga.IntegrationTests.Reliability;

/// <summary>
/// Nothing lost, nothing charged twice, when the gateway is killed, the broker restarts or the database goes
/// away mid-run. In the "gateway" collection so that no other test runs while a service is down.
/// Figures: reliability-report.txt beside the test binary, and docs/reliability.md.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class CrashRecoveryTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Killing_the_gateway_three_times_mid_run_loses_and_doubles_nothing()
    {
        await using var run = await ReliabilityRun.Start("crash");
        await run.Publish(5000);

        for (var kill = 1; kill <= 3; kill++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(3000, 9000))); // a random moment, not a wait for a result
            Assert.True(await run.Terminal() < run.Published, "the run ended before the gateway could be killed");
            await run.Gateway.Kill();
            await run.Gateway.Start();
        }

        // A bound on liveness, not a speed test (the pipeline's speed is measured by the benchmarks): 5,000 messages took
        // 127–177 s on one 2-core build machine and 346 s on a slower one (2026-12-01), so 12 min leaves room for both.
        await run.WaitForAll(TimeSpan.FromMinutes(12));
        var duplicates = await run.AssertNothingLostOrDoubled();
        output.WriteLine(await run.Report("SIGKILL ×3", duplicates));
    }

    [Fact]
    public async Task Scheduled_messages_survive_a_gateway_that_is_down_at_their_send_time()
    {
        await using var run = await ReliabilityRun.Start("scheduled");
        var sendAt = DateTimeOffset.UtcNow.AddSeconds(10);
        await run.Publish(50, sendAt);
        Assert.True(await Eventually.Until(async () => await run.Scheduled() == 50, TimeSpan.FromSeconds(30)), "not every message reached Scheduled");

        await run.Gateway.Kill();
        await Task.Delay(sendAt.AddSeconds(3) - DateTimeOffset.UtcNow); // the gateway is down when the messages fall due
        await run.Gateway.Start();

        await run.WaitForAll(TimeSpan.FromMinutes(2));
        Assert.True(await run.FirstAttempt() >= sendAt, "a message was sent before its send-at time");
        var duplicates = await run.AssertNothingLostOrDoubled();
        output.WriteLine(await run.Report("scheduled, gateway down at send time", duplicates));
    }

    [Fact]
    public async Task Restarting_the_broker_mid_run_loses_and_doubles_nothing()
    {
        await using var run = await ReliabilityRun.Start("broker");
        await run.Publish(2000);

        await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(3000, 6000)));
        Assert.True(await run.Terminal() < run.Published, "the run ended before the broker could be restarted");
        await Services.StopRabbitMq();
        await Services.StartRabbitMq();

        await run.WaitForAll(TimeSpan.FromMinutes(6));
        var duplicates = await run.AssertNothingLostOrDoubled();
        output.WriteLine(await run.Report("RabbitMQ restart", duplicates));
    }

    [Fact]
    public async Task A_gateway_whose_bus_stops_carrying_messages_says_so_then_exits_and_its_supervisor_restarts_it()
    {
        await using var run = await ReliabilityRun.Start("watchdog");
        await run.Publish(200);

        await run.CutBusProbes();
        Assert.True(await Eventually.Until(async () => await run.Gateway.ReadyStatus() == 503, TimeSpan.FromSeconds(60)),
            "/readyz did not report not-ready with no round trip through the broker");
        Assert.Equal(503, await run.Gateway.LiveStatus());
        Assert.True(await Eventually.Until(async () => run.Gateway.Restarts == 1 && await run.Gateway.ReadyStatus() == 200,
            TimeSpan.FromSeconds(90)), "the gateway did not exit and come back ready");

        await run.Publish(200);
        await run.WaitForAll(TimeSpan.FromMinutes(3));
        var duplicates = await run.AssertNothingLostOrDoubled();
        output.WriteLine(await run.Report("bus round trip cut", duplicates));
    }

    [Fact]
    public async Task A_three_minute_database_outage_makes_the_gateway_not_ready_loses_nothing_and_dead_letters_nothing()
    {
        await using var run = await ReliabilityRun.Start("dbdown");
        await run.Publish(1000);

        await Task.Delay(TimeSpan.FromSeconds(3));
        await Services.StopPostgres();
        var outage = System.Diagnostics.Stopwatch.StartNew();
        Assert.True(await Eventually.Until(async () => await run.Gateway.ReadyStatus() == 503, TimeSpan.FromSeconds(10)),
            "/readyz did not report not-ready while PostgreSQL was down");
        // Longer than any retry budget short of the outage one: the messages in hand wait, the rest stay in their queues.
        var remaining = TimeSpan.FromMinutes(3) - outage.Elapsed;
        if (remaining > TimeSpan.Zero)
            await Task.Delay(remaining);
        Assert.Equal(503, await run.Gateway.ReadyStatus());
        await Services.StartPostgres();

        Assert.True(await Eventually.Until(async () => await run.Gateway.ReadyStatus() == 200, TimeSpan.FromSeconds(60)),
            "/readyz did not recover after PostgreSQL came back");
        await run.WaitForAll(TimeSpan.FromMinutes(5));
        var duplicates = await run.AssertNothingLostOrDoubled();
        await SmsSaga.Tests.ErrorQueues.AssertEmpty(ReliabilityRun.VirtualHost);
        output.WriteLine(await run.Report("PostgreSQL down 3 min", duplicates));
    }
}
