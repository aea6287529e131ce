using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SmsSaga.Components.Clients;

public class ClientAccountMap : IEntityTypeConfiguration<ClientAccount>
{
    public void Configure(EntityTypeBuilder<ClientAccount> b)
    {
        b.ToTable("clients", t => t.HasCheckConstraint("ck_clients_credit_non_negative", "available >= 0 AND held >= 0"));
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id").HasMaxLength(64);
        b.Property(x => x.Name).HasColumnName("name").HasMaxLength(200);
        b.Property(x => x.Available).HasColumnName("available").HasPrecision(18, 6);
        b.Property(x => x.Held).HasColumnName("held").HasPrecision(18, 6);
        b.Property(x => x.Captured).HasColumnName("captured").HasPrecision(18, 6);
        b.Property(x => x.ToppedUp).HasColumnName("topped_up").HasPrecision(18, 6);
        b.Property(x => x.CreatedAt).HasColumnName("created_at");
        b.Property(x => x.RatePerSecond).HasColumnName("rate_per_second");
        b.Property(x => x.Burst).HasColumnName("burst");
        b.Property(x => x.CallbackUrl).HasColumnName("callback_url").HasMaxLength(2048);
        b.Property(x => x.CallbackSecret).HasColumnName("callback_secret").HasMaxLength(256);
        b.Property(x => x.HelpText).HasColumnName("help_text").HasMaxLength(640);
    }
}
