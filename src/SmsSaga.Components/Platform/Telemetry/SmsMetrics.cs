using System.Diagnostics.Metrics;

namespace SmsSaga.Components.Platform.Telemetry;

/// <summary>
/// The gateway's own instruments, on the meter "SmsSaga" (exported at /metrics with MassTransit's).
/// Counted where the work happens; a transition counted by an attempt that then lost an optimistic
/// concurrency race is counted again when the retry makes it, so treat rates as close, not exact.
/// </summary>
public static class SmsMetrics
{
    public const string MeterName = "SmsSaga";

    static readonly Meter Meter = new(MeterName);

    static readonly Counter<long> Transitions =
        Meter.CreateCounter<long>("smssaga.sms.transitions", "{transition}", "Message state changes, by target state");

    static readonly Counter<long> Submissions =
        Meter.CreateCounter<long>("smssaga.provider.submissions", "{submission}", "Provider submissions, by outcome");

    static readonly Counter<long> Rejected =
        Meter.CreateCounter<long>("smssaga.requests.rejected", "{request}", "SendSms requests refused as invalid");

    static readonly Counter<long> Reconciled =
        Meter.CreateCounter<long>("smssaga.credit.reconciled", "{hold}", "Holds the reconciliation sweep settled, by outcome (captured, released)");

    static readonly Counter<long> Deferred = Meter.CreateCounter<long>("smssaga.callbacks.deferred", "{callback}",
        "Status callbacks put off because their client had as many in flight as it may");

    static readonly Counter<long> BusWaits = Meter.CreateCounter<long>("smssaga.bus.deferred", "{message}",
        "SendSms commands over their client's bus rate, put off through the scheduler to their turn");

    static readonly System.Collections.Concurrent.ConcurrentDictionary<object, Func<IEnumerable<Measurement<long>>>> ErrorQueueSources = new();

    static readonly ObservableGauge<long> ErrorQueueDepth = Meter.CreateObservableGauge("smssaga.bus.error_queue.depth",
        () => ErrorQueueSources.Values.SelectMany(source => source()), "{message}",
        "Messages in each error queue of this process's endpoints, by queue and virtual host");

    /// <summary>Adds (or, with null, removes) what <paramref name="owner"/> reports to the error queue depth gauge: one gauge per process, whatever the hosts in it.</summary>
    public static void ErrorQueueDepths(object owner, Func<IEnumerable<Measurement<long>>>? measure)
    {
        if (measure is null)
            ErrorQueueSources.TryRemove(owner, out _);
        else
            ErrorQueueSources[owner] = measure;
    }

    static long _stuck = -1;

    static readonly ObservableGauge<long> Stuck = Meter.CreateObservableGauge("smssaga.sms.stuck",
        () => Volatile.Read(ref _stuck) is var stuck and >= 0 ? [new Measurement<long>(stuck)] : Array.Empty<Measurement<long>>(),
        "{message}", "Messages that made no progress past the point where they should have, at this process's last sweep");

    public static void Transition(string toState) => Transitions.Add(1, new KeyValuePair<string, object?>("state", toState));

    public static void Submission(string outcome) => Submissions.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public static void RequestRejected() => Rejected.Add(1);

    public static void CallbackDeferred() => Deferred.Add(1);

    public static void BusDeferred() => BusWaits.Add(1);

    public static void HoldsReconciled(int captured, int released)
    {
        if (captured > 0)
            Reconciled.Add(captured, new KeyValuePair<string, object?>("outcome", "captured"));
        if (released > 0)
            Reconciled.Add(released, new KeyValuePair<string, object?>("outcome", "released"));
    }

    /// <summary>The count of stuck messages the sweep found (the gauge reports nothing until a sweep ran here).</summary>
    public static void StuckMessages(long count) => Volatile.Write(ref _stuck, count);
}
