using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SmsSaga.Components.Platform.Outbox;

public class OutboxStateMap : IEntityTypeConfiguration<OutboxState>
{
    public void Configure(EntityTypeBuilder<OutboxState> b)
    {
        b.ToTable("outbox_state");
        b.HasKey(x => x.OutboxId);
        b.Property(x => x.OutboxId).HasColumnName("outbox_id").ValueGeneratedNever();
        b.Property(x => x.Created).HasColumnName("created");
        b.HasIndex(x => x.Created);
    }
}
