using MassTransit;

namespace SmsSaga.Components.Messages;

/// <summary>One message: the saga instance persisted in the <c>sms</c> table.</summary>
public class SmsState : SagaStateMachineInstance
{
    /// <summary>Derived from (client, idempotency key): see <see cref="MessageIdentity"/>.</summary>
    public Guid CorrelationId { get; set; }

    public string CurrentState { get; set; } = null!;

    public string ClientId { get; set; } = null!;
    public string IdempotencyKey { get; set; } = null!;
    public string To { get; set; } = null!;
    public string Text { get; set; } = null!;
    public string? SenderId { get; set; }
    public string? Reference { get; set; }

    public int Segments { get; set; }
    public string Encoding { get; set; } = null!;

    /// <summary>The current credit hold: the message id itself, a new id for each replay.</summary>
    public Guid HoldId { get; set; }

    /// <summary>How often support replayed the message after it failed.</summary>
    public int Replays { get; set; }

    /// <summary>Attempts made before the current series (the last replay): the attempt limit counts from here.</summary>
    public int AttemptsBefore { get; set; }

    /// <summary>What the credit hold reserved (segments × price); null until held.</summary>
    public decimal? Cost { get; set; }

    /// <summary>Attempts handed to the provider so far; <see cref="AttemptId"/> names the current one.</summary>
    public int Attempts { get; set; }
    public Guid? AttemptId { get; set; }

    public string? ProviderMessageId { get; set; }

    /// <summary>The provider's last word on the message: a delivery report's code, or the code of a refused attempt.</summary>
    public string? ProviderCode { get; set; }

    /// <summary>transactional or marketing.</summary>
    public string Category { get; set; } = "transactional";

    /// <summary>The recipient's possible time zones (IANA ids, comma-separated), for marketing send windows.</summary>
    public string? TimeZones { get; set; }

    /// <summary>Not to be sent before this instant (null: at once).</summary>
    public DateTimeOffset? SendAt { get; set; }

    /// <summary>Timers pending in the scheduler (Quartz), by the token that cancels them.</summary>
    public Guid? RetryToken { get; set; }
    public Guid? SendTimeToken { get; set; }

    /// <summary>
    /// When the current Sending attempt times out, or a Sent message's report window closes; null in every other state.
    /// Not a timer of its own: the deadline sweep (<see cref="SmsDeadlineSweep"/>) finds the rows past it.
    /// </summary>
    public DateTimeOffset? Deadline { get; set; }

    /// <summary>No delivery report came within the window: Sent is final and the credit was captured.</summary>
    public bool ReportWindowClosed { get; set; }

    /// <summary>The client hears of this message's statuses over HTTP (<see cref="StatusNotifications"/>).</summary>
    public bool Notify { get; set; } = true;

    /// <summary>The reason of the latest transition (a failure code, "accepted", "delivered", …).</summary>
    public string? Reason { get; set; }
    public string? Detail { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>When the text, sender id and number were removed, its retention period over (Retention); null until then.</summary>
    public DateTimeOffset? RedactedAt { get; set; }

    /// <summary>PostgreSQL's xmin: the optimistic-concurrency token.</summary>
    public uint Version { get; set; }

    /// <summary>Transitions recorded while this instance is loaded; new entries are inserted with the saga.</summary>
    public List<SmsTransition> History { get; set; } = [];
}
