using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SmsSaga.Components.Clients;

public class ApiKeyMap : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> b)
    {
        b.ToTable("api_keys");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id").HasMaxLength(32);
        b.Property(x => x.ClientId).HasColumnName("client_id").HasMaxLength(64);
        b.Property(x => x.SecretHash).HasColumnName("secret_hash");
        b.Property(x => x.CreatedAt).HasColumnName("created_at");
        b.Property(x => x.RevokedAt).HasColumnName("revoked_at");
        b.HasIndex(x => x.ClientId);
    }
}
