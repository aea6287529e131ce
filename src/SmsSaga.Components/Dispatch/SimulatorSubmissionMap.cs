using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SmsSaga.Components.Dispatch;

public class SimulatorSubmissionMap : IEntityTypeConfiguration<SimulatorSubmission>
{
    public void Configure(EntityTypeBuilder<SimulatorSubmission> b)
    {
        b.ToTable("simulator_submissions");
        b.HasKey(x => x.AttemptId);
        b.Property(x => x.AttemptId).HasColumnName("attempt_id").ValueGeneratedNever();
        b.Property(x => x.MessageId).HasColumnName("message_id");
        b.Property(x => x.ProviderMessageId).HasColumnName("provider_message_id").HasMaxLength(128);
        b.Property(x => x.Submissions).HasColumnName("submissions");
        b.Property(x => x.Delivered).HasColumnName("delivered");
        b.Property(x => x.ReportDue).HasColumnName("report_due");
        b.Property(x => x.ReportedAt).HasColumnName("reported_at");
        b.HasIndex(x => x.ReportDue).HasFilter("reported_at IS NULL");
    }
}
