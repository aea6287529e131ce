namespace SmsSaga.Tests;

/// <summary>Polls a condition until it holds or the deadline passes; no fixed sleeps.</summary>
static class Eventually
{
    public static async Task<bool> Until(Func<Task<bool>> condition, TimeSpan timeout, TimeSpan? every = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await condition())
                return true;
            if (DateTime.UtcNow >= deadline)
                return false;
            await Task.Delay(every ?? TimeSpan.FromMilliseconds(100));
        }
    }
}
