using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SmsSaga.Components.Callbacks;

public class MessageCallbackMap : IEntityTypeConfiguration<MessageCallback>
{
    public void Configure(EntityTypeBuilder<MessageCallback> b)
    {
        b.ToTable("message_callbacks");
        b.HasKey(x => x.MessageId);
        b.Property(x => x.MessageId).HasColumnName("message_id").ValueGeneratedNever();
        b.Property(x => x.Url).HasColumnName("url").HasMaxLength(2048);
    }
}
