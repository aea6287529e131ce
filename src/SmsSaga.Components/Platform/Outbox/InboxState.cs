namespace SmsSaga.Components.Platform.Outbox;

/// <summary>
/// One received message per consumer endpoint, in <c>inbox_state</c>: the de-duplication record. A message
/// is consumed once (<see cref="Consumed"/>) and its outgoing messages delivered once (<see cref="Delivered"/>);
/// a redelivery finds the row and only finishes what is left.
/// </summary>
public class InboxState
{
    public Guid MessageId { get; set; }
    public Guid ConsumerId { get; set; }
    public DateTime Received { get; set; }
    public int ReceiveCount { get; set; }
    public DateTime? Consumed { get; set; }
    public DateTime? Delivered { get; set; }
    public long? LastSequenceNumber { get; set; }
}
