namespace SmsSaga.Components.Platform.Outbox;

/// <summary>What one receive of a message has done so far, carried from one outbox pass to the next.</summary>
sealed class OutboxPass
{
    /// <summary>The consumer ran in this receive (not in an earlier one that crashed before delivering).</summary>
    public bool ConsumedHere { get; set; }

    /// <summary>The messages the consumer wrote in this receive; delivered without reading them back.</summary>
    public List<OutboxMessage> Written { get; } = [];
}
