using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SmsSaga.Components.Clients;

public class RateBucketMap : IEntityTypeConfiguration<RateBucket>
{
    public void Configure(EntityTypeBuilder<RateBucket> b)
    {
        // Unlogged: a bucket is refilled state, not a record. Its updates write no WAL, so the commit of the one statement
        // every API request runs on its client's bucket row waits for no disk flush while it holds that row; after a
        // database crash the table comes back empty and every bucket starts full.
        b.ToTable("rate_buckets").IsUnlogged();
        b.HasKey(x => x.ClientId);
        // A client's id for its API bucket; "bus:" and the id for its bus bucket (BusLimit), so 64 + 4 would do.
        b.Property(x => x.ClientId).HasColumnName("client_id").HasMaxLength(80);
        b.Property(x => x.Tokens).HasColumnName("tokens");
        b.Property(x => x.UpdatedAt).HasColumnName("updated_at");
        b.Property(x => x.Granted).HasColumnName("granted");
    }
}
