using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SmsSaga.Components.Clients;

namespace SmsSaga.Components.Persistence;

public class RateBucketMap : IEntityTypeConfiguration<RateBucket>
{
    public void Configure(EntityTypeBuilder<RateBucket> b)
    {
        b.ToTable("rate_buckets");
        b.HasKey(x => x.ClientId);
        b.Property(x => x.ClientId).HasColumnName("client_id").HasMaxLength(64);
        b.Property(x => x.Tokens).HasColumnName("tokens");
        b.Property(x => x.UpdatedAt).HasColumnName("updated_at");
        b.Property(x => x.Granted).HasColumnName("granted");
    }
}
