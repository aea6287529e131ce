using System.Diagnostics.Metrics;

namespace SmsSaga.Components.Platform;

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

    public static void Transition(string toState) => Transitions.Add(1, new KeyValuePair<string, object?>("state", toState));

    public static void Submission(string outcome) => Submissions.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public static void RequestRejected() => Rejected.Add(1);
}
