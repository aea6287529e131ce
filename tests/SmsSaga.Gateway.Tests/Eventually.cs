namespace SmsSaga.Gateway.Tests;

/// <summary>Polls a condition until it holds or the deadline passes; no fixed sleeps.</summary>
static class Eventually
{
    public static async Task<bool> Until(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow >= deadline)
                return false;
            await Task.Delay(100);
        }

        return true;
    }
}
