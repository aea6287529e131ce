namespace SmsSaga.Components.StateMachines;

/// <summary>
/// Exponential backoff with full jitter: before attempt n+1 wait a uniformly random time between zero and
/// min(cap, base × factor^(n−1)). The jitter spreads the retries of many messages refused at once.
/// </summary>
public static class RetryBackoff
{
    /// <summary>The longest wait after <paramref name="failedAttempts"/> attempts (1 or more).</summary>
    public static TimeSpan Ceiling(int failedAttempts, SmsOptions settings)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failedAttempts, 1);
        var grown = settings.RetryBaseDelay.TotalMilliseconds * Math.Pow(settings.RetryBackoffFactor, failedAttempts - 1);
        return TimeSpan.FromMilliseconds(Math.Min(grown, settings.RetryMaxDelay.TotalMilliseconds));
    }

    /// <summary>The wait before the next attempt: full jitter under <see cref="Ceiling"/>.</summary>
    public static TimeSpan Delay(int failedAttempts, SmsOptions settings, Random random) =>
        TimeSpan.FromMilliseconds(random.NextDouble() * Ceiling(failedAttempts, settings).TotalMilliseconds);
}
