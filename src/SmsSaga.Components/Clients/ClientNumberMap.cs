using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SmsSaga.Components.Clients;

public class ClientNumberMap : IEntityTypeConfiguration<ClientNumber>
{
    public void Configure(EntityTypeBuilder<ClientNumber> b)
    {
        b.ToTable("client_numbers");
        b.HasKey(x => x.Number);
        b.Property(x => x.Number).HasColumnName("number").HasMaxLength(20);
        b.Property(x => x.ClientId).HasColumnName("client_id").HasMaxLength(64);
        b.Property(x => x.AssignedAt).HasColumnName("assigned_at");
        b.HasOne<ClientAccount>().WithMany().HasForeignKey(x => x.ClientId);
        b.HasIndex(x => x.ClientId);
    }
}
