using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SmsSaga.Components.Callbacks;

public class CallbackAttemptMap : IEntityTypeConfiguration<CallbackAttempt>
{
    public void Configure(EntityTypeBuilder<CallbackAttempt> b)
    {
        b.ToTable("callback_attempts");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id").UseIdentityAlwaysColumn();
        b.Property(x => x.MessageId).HasColumnName("message_id");
        b.Property(x => x.Status).HasColumnName("status").HasMaxLength(16);
        b.Property(x => x.Attempt).HasColumnName("attempt");
        b.Property(x => x.Url).HasColumnName("url").HasMaxLength(2048);
        b.Property(x => x.ResponseStatus).HasColumnName("response_status");
        b.Property(x => x.Error).HasColumnName("error").HasMaxLength(512);
        b.Property(x => x.At).HasColumnName("at");
        b.Property(x => x.DurationMs).HasColumnName("duration_ms");
        b.HasIndex(x => new { x.MessageId, x.Id });
    }
}
