using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SmsSaga.Components.Platform.Outbox;

public class InboxStateMap : IEntityTypeConfiguration<InboxState>
{
    public void Configure(EntityTypeBuilder<InboxState> b)
    {
        b.ToTable("inbox_state");
        b.HasKey(x => new { x.MessageId, x.ConsumerId });
        b.Property(x => x.MessageId).HasColumnName("message_id");
        b.Property(x => x.ConsumerId).HasColumnName("consumer_id");
        b.Property(x => x.Received).HasColumnName("received");
        b.Property(x => x.ReceiveCount).HasColumnName("receive_count");
        b.Property(x => x.Consumed).HasColumnName("consumed");
        b.Property(x => x.Delivered).HasColumnName("delivered");
        b.Property(x => x.LastSequenceNumber).HasColumnName("last_sequence_number");
        b.HasIndex(x => x.Received); // the clean-up; no index on what later updates change, so they can stay HOT
    }
}
