using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SmsSaga.Components.Messages;

public class SmsStateMap : IEntityTypeConfiguration<SmsState>
{
    /// <summary>A message that has ended and still holds its text and number (SQL on <c>sms</c>; literals, so PostgreSQL matches the partial index to it).</summary>
    public const string EndedUnredacted =
        $"redacted_at IS NULL AND (state IN ('{SmsStates.Delivered}', '{SmsStates.Failed}', '{SmsStates.Canceled}') OR (state = '{SmsStates.Sent}' AND report_window_closed))";

    public void Configure(EntityTypeBuilder<SmsState> b)
    {
        b.ToTable("sms");
        b.HasKey(x => x.CorrelationId);
        b.Property(x => x.CorrelationId).HasColumnName("id").ValueGeneratedNever();
        b.Property(x => x.CurrentState).HasColumnName("state").HasMaxLength(16);
        b.Property(x => x.ClientId).HasColumnName("client_id").HasMaxLength(64);
        b.Property(x => x.IdempotencyKey).HasColumnName("idempotency_key").HasMaxLength(255);
        b.Property(x => x.To).HasColumnName("recipient").HasMaxLength(32);
        b.Property(x => x.Text).HasColumnName("text");
        b.Property(x => x.RedactedAt).HasColumnName("redacted_at");
        b.Property(x => x.SenderId).HasColumnName("sender_id").HasMaxLength(16);
        b.Property(x => x.Reference).HasColumnName("reference").HasMaxLength(255);
        b.Property(x => x.Segments).HasColumnName("segments");
        b.Property(x => x.Encoding).HasColumnName("encoding").HasMaxLength(8);
        b.Property(x => x.HoldId).HasColumnName("hold_id");
        b.Property(x => x.Replays).HasColumnName("replays");
        b.Property(x => x.AttemptsBefore).HasColumnName("attempts_before");
        b.Property(x => x.Cost).HasColumnName("cost").HasPrecision(18, 6);
        b.Property(x => x.Attempts).HasColumnName("attempts");
        b.Property(x => x.AttemptId).HasColumnName("attempt_id");
        b.Property(x => x.ProviderMessageId).HasColumnName("provider_message_id").HasMaxLength(128);
        b.Property(x => x.ProviderCode).HasColumnName("provider_code").HasMaxLength(32);
        b.Property(x => x.Category).HasColumnName("category").HasMaxLength(16).HasDefaultValue("transactional");
        b.Property(x => x.SendAt).HasColumnName("send_at");
        b.Property(x => x.TimeZones).HasColumnName("time_zones").HasMaxLength(2048);
        b.Property(x => x.RetryToken).HasColumnName("retry_token");
        b.Property(x => x.SendTimeToken).HasColumnName("send_time_token");
        b.Property(x => x.Deadline).HasColumnName("deadline");
        b.Property(x => x.ReportWindowClosed).HasColumnName("report_window_closed");
        b.Property(x => x.Notify).HasColumnName("notify").HasDefaultValue(true).HasSentinel(true); // rows from before it notify, as they did
        b.Property(x => x.Reason).HasColumnName("reason").HasMaxLength(64);
        b.Property(x => x.Detail).HasColumnName("detail").HasMaxLength(512);
        b.Property(x => x.CreatedAt).HasColumnName("created_at");
        b.Property(x => x.UpdatedAt).HasColumnName("updated_at");
        b.Property(x => x.Version).IsRowVersion(); // maps to PostgreSQL's system column xmin

        b.HasIndex(x => new { x.ClientId, x.IdempotencyKey }).IsUnique();
        b.HasIndex(x => new { x.CurrentState, x.UpdatedAt });
        // Retention: ended messages not yet redacted, oldest first. Only ended rows are in it, so the updates of a message in
        // flight (every one moves updated_at) add nothing to it: one entry per message, made as it ends.
        b.HasIndex(x => x.UpdatedAt).HasFilter(EndedUnredacted);
        b.HasIndex(x => x.ProviderMessageId);
        b.HasIndex(x => new { x.ClientId, x.CreatedAt, x.CorrelationId }); // the API's listing, newest first, by cursor
        b.HasIndex(x => new { x.To, x.CreatedAt }); // searches by number, and the HELP limit (replies to a number lately)
        b.HasIndex(x => x.Deadline).HasFilter("deadline IS NOT NULL"); // the deadline sweep: only Sending and Sent rows

        b.HasMany(x => x.History).WithOne().HasForeignKey(x => x.MessageId);
    }
}
