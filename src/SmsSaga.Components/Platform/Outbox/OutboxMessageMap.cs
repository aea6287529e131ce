using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SmsSaga.Components.Platform.Outbox;

public class OutboxMessageMap : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> b)
    {
        b.ToTable("outbox_messages");
        b.HasKey(x => x.SequenceNumber);
        b.Property(x => x.SequenceNumber).HasColumnName("sequence_number").UseIdentityAlwaysColumn();
        b.Property(x => x.InboxMessageId).HasColumnName("inbox_message_id");
        b.Property(x => x.InboxConsumerId).HasColumnName("inbox_consumer_id");
        b.Property(x => x.OutboxId).HasColumnName("outbox_id");
        b.Property(x => x.MessageId).HasColumnName("message_id");
        b.Property(x => x.ContentType).HasColumnName("content_type").HasMaxLength(256);
        b.Property(x => x.MessageType).HasColumnName("message_type");
        b.Property(x => x.Body).HasColumnName("body");
        b.Property(x => x.Headers).HasColumnName("headers");
        b.Property(x => x.Properties).HasColumnName("properties");
        b.Property(x => x.ConversationId).HasColumnName("conversation_id");
        b.Property(x => x.CorrelationId).HasColumnName("correlation_id");
        b.Property(x => x.InitiatorId).HasColumnName("initiator_id");
        b.Property(x => x.RequestId).HasColumnName("request_id");
        b.Property(x => x.SourceAddress).HasColumnName("source_address").HasMaxLength(256);
        b.Property(x => x.DestinationAddress).HasColumnName("destination_address").HasMaxLength(256);
        b.Property(x => x.ResponseAddress).HasColumnName("response_address").HasMaxLength(256);
        b.Property(x => x.FaultAddress).HasColumnName("fault_address").HasMaxLength(256);
        b.Property(x => x.SentTime).HasColumnName("sent_time");
        b.Property(x => x.EnqueueTime).HasColumnName("enqueue_time");
        b.Property(x => x.ExpirationTime).HasColumnName("expiration_time");
        b.HasIndex(x => new { x.InboxMessageId, x.InboxConsumerId, x.SequenceNumber });
        b.HasIndex(x => new { x.OutboxId, x.SequenceNumber });
    }
}
