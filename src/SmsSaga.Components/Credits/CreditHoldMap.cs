using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SmsSaga.Components.Credits;

public class CreditHoldMap : IEntityTypeConfiguration<CreditHold>
{
    public void Configure(EntityTypeBuilder<CreditHold> b)
    {
        b.ToTable("credit_holds");
        b.HasKey(x => x.HoldId);
        b.Property(x => x.HoldId).HasColumnName("hold_id").ValueGeneratedNever();
        b.Property(x => x.MessageId).HasColumnName("message_id");
        b.Property(x => x.ClientId).HasColumnName("client_id").HasMaxLength(64);
        b.Property(x => x.Amount).HasColumnName("amount").HasPrecision(18, 6);
        b.Property(x => x.Status).HasColumnName("status").HasMaxLength(16);
        b.Property(x => x.Reason).HasColumnName("reason").HasMaxLength(64);
        b.Property(x => x.CreatedAt).HasColumnName("created_at");
        b.Property(x => x.SettledAt).HasColumnName("settled_at");
        b.HasIndex(x => new { x.ClientId, x.Status });
        b.HasIndex(x => x.MessageId);
        b.HasIndex(x => x.CreatedAt).HasFilter("status = 'held'"); // the reconciliation sweep: open holds, oldest first
    }
}
