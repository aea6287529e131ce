namespace SmsSaga.Components.Platform.Bus;

/// <summary>
/// A time limit on a send or publish that goes straight to the broker (not through a consumer's outbox): a broker that
/// stops answering must not hold the caller for ever. RabbitMQ.Client can ignore a cancelled token while wedged, so the
/// wait itself is limited too; past the limit the caller gets a <see cref="TimeoutException"/> (a transient failure, tried
/// again wherever that is done).
/// </summary>
public static class BrokerSend
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static async Task Within(Func<CancellationToken, Task> send, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(Timeout);
        try
        {
            await send(limit.Token).WaitAsync(Timeout, cancellationToken);
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"the broker did not take the message within {Timeout.TotalSeconds:0} s");
        }
    }
}
