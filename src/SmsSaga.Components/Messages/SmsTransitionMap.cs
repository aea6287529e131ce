using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SmsSaga.Components.Messages;

public class SmsTransitionMap : IEntityTypeConfiguration<SmsTransition>
{
    public void Configure(EntityTypeBuilder<SmsTransition> b)
    {
        b.ToTable("sms_history");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id").UseIdentityAlwaysColumn();
        b.Property(x => x.MessageId).HasColumnName("message_id");
        b.Property(x => x.At).HasColumnName("at");
        b.Property(x => x.From).HasColumnName("from_state").HasMaxLength(16);
        b.Property(x => x.To).HasColumnName("to_state").HasMaxLength(16);
        b.Property(x => x.Reason).HasColumnName("reason").HasMaxLength(64);
        b.Property(x => x.Attempt).HasColumnName("attempt");
        b.Property(x => x.Detail).HasColumnName("detail").HasMaxLength(512);
        b.HasIndex(x => new { x.MessageId, x.Id });
    }
}
