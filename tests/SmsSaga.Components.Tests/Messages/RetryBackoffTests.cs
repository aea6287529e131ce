using SmsSaga.Components.Messages;

namespace SmsSaga.Components.Tests.Messages;

public class RetryBackoffTests
{
    static readonly SmsOptions Settings = new()
    {
        RetryBaseDelay = TimeSpan.FromSeconds(2),
        RetryBackoffFactor = 2,
        RetryMaxDelay = TimeSpan.FromMinutes(5),
        MaxAttempts = 10,
    };

    [Fact]
    public void Ceiling_grows_by_the_factor_from_the_base_until_the_cap()
    {
        Assert.Equal(TimeSpan.FromSeconds(2), RetryBackoff.Ceiling(1, Settings));
        Assert.Equal(TimeSpan.FromSeconds(4), RetryBackoff.Ceiling(2, Settings));
        Assert.Equal(TimeSpan.FromSeconds(8), RetryBackoff.Ceiling(3, Settings));
        Assert.Equal(TimeSpan.FromMinutes(5), RetryBackoff.Ceiling(20, Settings));
    }

    [Fact]
    public void Ceiling_never_decreases_and_never_passes_the_cap()
    {
        var ceilings = Enumerable.Range(1, 60).Select(n => RetryBackoff.Ceiling(n, Settings)).ToList();

        Assert.All(ceilings.Zip(ceilings.Skip(1)), pair => Assert.True(pair.Second >= pair.First));
        Assert.All(ceilings, c => Assert.True(c <= Settings.RetryMaxDelay));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(30)]
    public void Full_jitter_stays_between_zero_and_the_ceiling_and_spreads(int failedAttempts)
    {
        var random = new Random(42);
        var ceiling = RetryBackoff.Ceiling(failedAttempts, Settings);

        var delays = Enumerable.Range(0, 1000).Select(_ => RetryBackoff.Delay(failedAttempts, Settings, random)).ToList();

        Assert.All(delays, d => Assert.InRange(d, TimeSpan.Zero, ceiling));
        Assert.True(delays.Min() < ceiling * 0.1 && delays.Max() > ceiling * 0.9, "full jitter should cover the whole range");
    }

    [Fact]
    public void Attempt_numbers_start_at_one()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RetryBackoff.Ceiling(0, Settings));
    }
}
