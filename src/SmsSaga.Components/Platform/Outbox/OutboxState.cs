namespace SmsSaga.Components.Platform.Outbox;

/// <summary>
/// One bus outbox with messages waiting, in <c>outbox_state</c>: the row a delivery loop locks
/// (<c>FOR UPDATE SKIP LOCKED</c>) so that one instance at a time delivers that outbox's messages, in order.
/// </summary>
public class OutboxState
{
    public Guid OutboxId { get; set; }
    public DateTime Created { get; set; }
}
