using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SmsSaga.Components.Dispatch;

public class ProviderReportMap : IEntityTypeConfiguration<ProviderReport>
{
    public void Configure(EntityTypeBuilder<ProviderReport> b)
    {
        b.ToTable("provider_reports");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id").UseIdentityAlwaysColumn();
        b.Property(x => x.Provider).HasColumnName("provider").HasMaxLength(32);
        b.Property(x => x.ProviderMessageId).HasColumnName("provider_message_id").HasMaxLength(128);
        b.Property(x => x.Delivered).HasColumnName("delivered");
        b.Property(x => x.Code).HasColumnName("code").HasMaxLength(32);
        b.Property(x => x.ReceivedAt).HasColumnName("received_at");
        b.Property(x => x.MessageId).HasColumnName("message_id");
        b.Property(x => x.MatchedAt).HasColumnName("matched_at");
        b.Property(x => x.ExpiredAt).HasColumnName("expired_at");
        b.HasIndex(x => x.ReceivedAt).HasFilter("matched_at IS NULL AND expired_at IS NULL").HasDatabaseName("ix_provider_reports_pending");
    }
}
