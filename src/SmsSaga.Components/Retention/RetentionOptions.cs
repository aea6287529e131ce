using System.ComponentModel.DataAnnotations;

namespace SmsSaga.Components.Retention;

/// <summary>How long what is kept is kept. Section "Retention". Each period counts from when the message ended.</summary>
public class RetentionOptions
{
    public const string SectionName = "Retention";

    /// <summary>After this, an ended message's text and sender id are blanked and its number masked (all but the first four characters).</summary>
    [Range(typeof(TimeSpan), "01:00:00", "3650.00:00:00")]
    public TimeSpan RedactAfter { get; set; } = TimeSpan.FromDays(30);

    /// <summary>After this, an ended message's timeline (<c>sms_history</c>) and provider attempts are deleted.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "3650.00:00:00")]
    public TimeSpan HistoryFor { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Delivery reports received over HTTP (<c>provider_reports</c>), matched or expired, are deleted after this.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "3650.00:00:00")]
    public TimeSpan ProviderReportsFor { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Status callback attempts (<c>callback_attempts</c>) are deleted after this.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "3650.00:00:00")]
    public TimeSpan CallbackAttemptsFor { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How often a pass runs.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(10);

    public int BatchSize { get; set; } = 1000;
}
