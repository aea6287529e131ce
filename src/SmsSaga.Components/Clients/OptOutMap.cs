using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SmsSaga.Components.Clients;

public class OptOutMap : IEntityTypeConfiguration<OptOut>
{
    public void Configure(EntityTypeBuilder<OptOut> b)
    {
        b.ToTable("opt_outs");
        b.HasKey(x => new { x.ClientId, x.Number });
        b.Property(x => x.ClientId).HasColumnName("client_id").HasMaxLength(64);
        b.Property(x => x.Number).HasColumnName("number").HasMaxLength(20);
        b.Property(x => x.At).HasColumnName("at");
        b.Property(x => x.Keyword).HasColumnName("keyword").HasMaxLength(16);
    }
}
