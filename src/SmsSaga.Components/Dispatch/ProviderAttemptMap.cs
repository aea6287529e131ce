using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SmsSaga.Components.Dispatch;

public class ProviderAttemptMap : IEntityTypeConfiguration<ProviderAttempt>
{
    public void Configure(EntityTypeBuilder<ProviderAttempt> b)
    {
        b.ToTable("provider_attempts");
        b.HasKey(x => x.AttemptId);
        b.Property(x => x.AttemptId).HasColumnName("attempt_id").ValueGeneratedNever();
        b.Property(x => x.MessageId).HasColumnName("message_id");
        b.Property(x => x.Attempt).HasColumnName("attempt");
        b.Property(x => x.Status).HasColumnName("status").HasMaxLength(16);
        b.Property(x => x.Provider).HasColumnName("provider").HasMaxLength(32);
        b.Property(x => x.ProviderMessageId).HasColumnName("provider_message_id").HasMaxLength(128);
        b.Property(x => x.Code).HasColumnName("code").HasMaxLength(64);
        b.Property(x => x.Permanent).HasColumnName("permanent");
        b.Property(x => x.Detail).HasColumnName("detail").HasMaxLength(512);
        b.Property(x => x.Calls).HasColumnName("calls");
        b.Property(x => x.CreatedAt).HasColumnName("created_at");
        b.Property(x => x.AnsweredAt).HasColumnName("answered_at");
        b.HasIndex(x => x.MessageId);
        b.HasIndex(x => x.ProviderMessageId); // delivery reports over HTTP are matched by it
    }
}
