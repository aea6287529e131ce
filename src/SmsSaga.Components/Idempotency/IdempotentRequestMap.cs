using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SmsSaga.Components.Idempotency;

public class IdempotentRequestMap : IEntityTypeConfiguration<IdempotentRequest>
{
    public void Configure(EntityTypeBuilder<IdempotentRequest> b)
    {
        b.ToTable("idempotent_requests");
        b.HasKey(x => new { x.ClientId, x.Key });
        b.Property(x => x.ClientId).HasColumnName("client_id").HasMaxLength(64);
        b.Property(x => x.Key).HasColumnName("key").HasMaxLength(255);
        b.Property(x => x.Operation).HasColumnName("operation").HasMaxLength(64);
        b.Property(x => x.RequestHash).HasColumnName("request_hash");
        b.Property(x => x.StatusCode).HasColumnName("status_code");
        b.Property(x => x.ResponseBody).HasColumnName("response_body");
        b.Property(x => x.CreatedAt).HasColumnName("created_at");
        b.HasIndex(x => x.CreatedAt);
    }
}
