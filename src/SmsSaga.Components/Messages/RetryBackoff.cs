namespace SmsSaga.Components.Messages;

/// <summary>
/// Exponential backoff with full jitter: before attempt n+1 wait a uniformly random time between zero and
/// min(cap, base × factor^(n−1)). The jitter spreads the retries of many messages refused at once.
/// </summary>
public static class RetryBackoff
{
    /// <summary>The longest wait after <paramref name="failedAttempts"/> attempts (1 or more).</summary>
    public static TimeSpan Ceiling(int failedAttempts, SmsOptions settings) =>
        Ceiling(failedAttempts, settings.RetryBaseDelay, settings.RetryBackoffFactor, settings.RetryMaxDelay);

    /// <summary>The wait before the next attempt: full jitter under <see cref="Ceiling(int, SmsOptions)"/>.</summary>
    public static TimeSpan Delay(int failedAttempts, SmsOptions settings, Random random) =>
        Delay(failedAttempts, settings.RetryBaseDelay, settings.RetryBackoffFactor, settings.RetryMaxDelay, random);

    public static TimeSpan Ceiling(int failedAttempts, TimeSpan baseDelay, double factor, TimeSpan maxDelay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failedAttempts, 1);
        var grown = baseDelay.TotalMilliseconds * Math.Pow(factor, failedAttempts - 1);
        return TimeSpan.FromMilliseconds(Math.Min(grown, maxDelay.TotalMilliseconds));
    }

    public static TimeSpan Delay(int failedAttempts, TimeSpan baseDelay, double factor, TimeSpan maxDelay, Random random) =>
        TimeSpan.FromMilliseconds(random.NextDouble() * Ceiling(failedAttempts, baseDelay, factor, maxDelay).TotalMilliseconds);
}
