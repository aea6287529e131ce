using System.ComponentModel.DataAnnotations;

namespace SmsSaga.Components.Platform.Outbox;

/// <summary>How long de-duplication records are kept, and how often they are cleaned up. Section "Outbox".</summary>
public class OutboxOptions
{
    public const string SectionName = "Outbox";

    /// <summary>A message redelivered within this window after it was handled is recognised and skipped.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan DuplicateDetectionWindow { get; set; } = TimeSpan.FromDays(1);

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the bus outbox delivery loop looks for committed messages when it found none.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan DeliveryPollInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// How long the bus outbox delivery loop waits for the broker to take one batch. A send can hang on a channel the
    /// broker closed (seen across a RabbitMQ restart); past this the batch is given up, its claim rolled back, and the
    /// next pass sends it again on a fresh channel.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan DeliveryTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Rows deleted per statement, so cleanup never holds long locks.</summary>
    [Range(100, 100_000)]
    public int CleanupBatchSize { get; set; } = 5_000;
}
