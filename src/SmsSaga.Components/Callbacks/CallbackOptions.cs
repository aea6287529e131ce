using System.ComponentModel.DataAnnotations;

namespace SmsSaga.Components.Callbacks;

/// <summary>Status callbacks to clients. Section "Callbacks".</summary>
public class CallbackOptions
{
    public const string SectionName = "Callbacks";

    /// <summary>How long one POST may take before it counts as failed.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    [Range(1, 50)]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Backoff: exponential with full jitter from <see cref="RetryBaseDelay"/>, doubling, up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How many callbacks one gateway process posts at once, for all clients together.</summary>
    [Range(1, 1000)]
    public int Concurrency { get; set; } = 32;

    /// <summary>
    /// How many of them may be for one client: a client whose receiver is slow or black-holed holds at most these, and the
    /// rest of its callbacks wait (see <see cref="CallbackSlots"/>), so other clients' callbacks keep going.
    /// </summary>
    [Range(1, 1000)]
    public int MaxInFlightPerClient { get; set; } = 4;

    /// <summary>
    /// Lets callbacks go to any address and port, private and loopback ones included (<see cref="CallbackDestinations"/>):
    /// for tests and receivers on the gateway's own network. Off by default.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }
}
