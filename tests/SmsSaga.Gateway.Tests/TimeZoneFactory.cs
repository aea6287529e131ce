using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace SmsSaga.Gateway.Tests;

/// <summary>
/// A whole gateway like <see cref="ApiFactory"/>, on a <see cref="ShiftedClock"/> that the time-zone tests set: its own
/// database (<c>smssaga_tz_test</c>) and virtual host, because a Quartz cluster must share one clock, and so the tests of
/// this collection run one at a time and alone. One recipient is always refused with a transient error, for retries.
/// </summary>
public sealed class TimeZoneFactory : ApiFactory
{
    public const string Throttled = "+447911000429";

    public ShiftedClock Clock { get; } = new();

    public override string Database => ConnectionString.Replace("smssaga_api_test", "smssaga_tz_test", StringComparison.Ordinal);

    public override string VirtualHost => "smssaga_tz_test";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Simulator:ThrottledRecipients:0", Throttled);
        builder.UseSetting("Sms:MaxAttempts", "2");
        builder.UseSetting("Sms:RetryBaseDelay", "00:00:25"); // long, so that a test moves the clock past it rather than waits
        builder.UseSetting("Sms:RetryMaxDelay", "00:00:25");
        builder.UseSetting("Scheduling:IdleWaitTime", "00:00:01");
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimeZoneCollection : ICollectionFixture<TimeZoneFactory>
{
    public const string Name = "timezones";
}
