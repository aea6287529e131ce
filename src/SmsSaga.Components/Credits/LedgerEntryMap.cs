using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SmsSaga.Components.Credits;

public class LedgerEntryMap : IEntityTypeConfiguration<LedgerEntry>
{
    public void Configure(EntityTypeBuilder<LedgerEntry> b)
    {
        b.ToTable("ledger_entries");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id").UseIdentityAlwaysColumn();
        b.Property(x => x.ClientId).HasColumnName("client_id").HasMaxLength(64);
        b.Property(x => x.MessageId).HasColumnName("message_id");
        b.Property(x => x.HoldId).HasColumnName("hold_id");
        b.Property(x => x.Kind).HasColumnName("kind").HasMaxLength(16);
        b.Property(x => x.Amount).HasColumnName("amount").HasPrecision(18, 6);
        b.Property(x => x.At).HasColumnName("at");
        b.HasIndex(x => new { x.ClientId, x.Id });
    }
}
