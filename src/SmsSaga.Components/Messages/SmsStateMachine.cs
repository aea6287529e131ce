using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmsSaga.Components.Text;
using SmsSaga.Contracts;
using SmsSaga.Contracts.Internal;

namespace SmsSaga.Components.Messages;

/// <summary>
/// The life of one message: Queued → Sending → Sent → Delivered, or Failed. See DESIGN.md, "Lifecycle".
/// Every event may arrive twice or out of order; each handler is written so that a repeat changes nothing.
/// </summary>
public sealed class SmsStateMachine : MassTransitStateMachine<SmsState>
{
    public State Scheduled { get; private set; } = null!;
    public State Queued { get; private set; } = null!;
    public State Sending { get; private set; } = null!;
    public State Sent { get; private set; } = null!;
    public State Delivered { get; private set; } = null!;
    public State Failed { get; private set; } = null!;
    public State Canceled { get; private set; } = null!;

    public Event<SmsRequested> Requested { get; private set; } = null!;
    public Event<SmsCancelRequested> CancelRequested { get; private set; } = null!;
    public Event<SmsReplayRequested> ReplayRequested { get; private set; } = null!;
    public Event<CreditHeld> CreditHeld { get; private set; } = null!;
    public Event<CreditHoldRejected> CreditRejected { get; private set; } = null!;
    public Event<SmsAccepted> Accepted { get; private set; } = null!;
    public Event<SmsSubmitFailed> SubmitFailed { get; private set; } = null!;
    public Event<DeliveryReported> Reported { get; private set; } = null!;

    // Deadlines: a column of the saga's row (SmsState.Deadline) that the deadline sweep watches, not a timer per message.
    public Event<SmsSendingTimedOut> SendingTimedOut { get; private set; } = null!;
    public Event<SmsReportWindowClosed> ReportWindowClosed { get; private set; } = null!;

    // Timers, kept by the bus's scheduler (Quartz in PostgreSQL), so they survive restarts.
    public Schedule<SmsState, SmsSendTimeDue> SendTime { get; private set; } = null!;
    public Schedule<SmsState, SmsRetryDue> RetryDue { get; private set; } = null!;

    readonly SmsOptions _settings;
    readonly IOptions<SendWindowOptions> _windows;
    readonly TimeProvider _clock;

    public SmsStateMachine(IOptions<SmsOptions> options, IOptions<SendWindowOptions> windows, TimeProvider clock, ILogger<SmsStateMachine> logger)
    {
        var settings = _settings = options.Value;
        _windows = windows;
        _clock = clock;

        InstanceState(x => x.CurrentState);
        ConnectStateObserver(new SmsTimeline(clock, logger));
        ConnectStateObserver(new SmsDeadlines());

        Event(() => Requested, e =>
        {
            e.CorrelateById(context => context.Message.MessageId);
            e.SetSagaFactory(context => NewMessage(context.Message, clock));
        });
        Event(() => CancelRequested, e =>
        {
            e.CorrelateById(context => context.Message.MessageId);
            // No such message yet: a CancelSms published right after its SendSms can be consumed first (two queues), so it
            // looks again later, through the scheduler, before it is given up as naming no message. A new message each
            // time, not MassTransit's redelivery: the inbox knows a redelivered copy as the message it has consumed.
            e.OnMissingInstance(m => m.ExecuteAsync(context => context.Message.Looks < CancelRedeliveries.Length
                ? context.GetPayload<MessageSchedulerContext>().ScheduleSend(CancelRedeliveries[context.Message.Looks],
                    context.Message with { Looks = context.Message.Looks + 1 })
                : Task.CompletedTask));
        });
        Event(() => ReplayRequested, e =>
        {
            e.CorrelateById(context => context.Message.MessageId);
            e.OnMissingInstance(m => m.Discard());
        });
        Event(() => CreditHeld, e => e.CorrelateById(context => context.Message.MessageId));
        Event(() => CreditRejected, e => e.CorrelateById(context => context.Message.MessageId));
        Event(() => Accepted, e => e.CorrelateById(context => context.Message.MessageId));
        Event(() => SubmitFailed, e => e.CorrelateById(context => context.Message.MessageId));
        Event(() => Reported, e =>
        {
            e.CorrelateById(context => context.Message.MessageId);
            e.OnMissingInstance(m => m.Fault());
        });
        Event(() => SendingTimedOut, e =>
        {
            e.CorrelateById(context => context.Message.MessageId);
            e.OnMissingInstance(m => m.Discard());
        });
        Event(() => ReportWindowClosed, e =>
        {
            e.CorrelateById(context => context.Message.MessageId);
            e.OnMissingInstance(m => m.Discard());
        });
        Schedule(() => SendTime, x => x.SendTimeToken, s => s.Received = r => r.CorrelateById(context => context.Message.MessageId));
        Schedule(() => RetryDue, x => x.RetryToken, s =>
        {
            s.Delay = settings.RetryBaseDelay;
            s.Received = r => r.CorrelateById(context => context.Message.MessageId);
        });

        // Accepted: the credit is held at once, whether the message goes now or at its send-at time. A request from the
        // HTTP API comes held already (its hold id is the message id); one from the bus asks for the hold.
        Initially(
            When(Requested)
                .IfElse(context => context.Message.HeldAmount is null,
                    ask => ask.Publish(context => Hold(context.Saga)),
                    held => held.Then(context => context.Saga.Cost = context.Message.HeldAmount))
                .Then(context => PlanFirstSend(context.Saga))
                .IfElse(context => context.Saga.SendAt is not null,
                    later => WaitForSendTime(later.TransitionTo(Scheduled)),
                    now => now
                        .TransitionTo(Queued)
                        .If(context => context.Saga.Cost is not null, held => StartAttempt(held, SmsReasons.CreditHeld))));

        // The intake wrote the message's first row (FirstRow) in the commit that held its credit, so reads and cancels
        // find it at once; its SmsRequested, sent from that same commit, finds the row waiting and takes over from there.
        // A Queued first row has made no attempt yet; a Scheduled one has no timer yet. Any later SmsRequested (a
        // redelivery, the same message by the other path) finds neither and changes nothing. A first row canceled before
        // its SmsRequested came is Canceled, where the request is ignored like any other repeat.
        During(Queued,
            StartAttempt(When(Requested, context => context.Saga.Attempts == 0 && context.Saga.Cost is not null), SmsReasons.CreditHeld));
        During(Scheduled,
            WaitForSendTime(When(Requested, context => context.Saga.SendTimeToken is null && context.Saga.Attempts == 0)));

        During(Scheduled,
            When(CreditHeld, IsCurrentHold)
                .Then(context => context.Saga.Cost = context.Message.Amount),
            When(CreditRejected, IsCurrentHold)
                .Unschedule(SendTime)
                .Then(context => Fail(context.Saga, context.Message.ReasonCode, null))
                .TransitionTo(Failed)
                .Tell(context => FailedEvent(context.Saga, clock)),
            When(SendTime.Received)
                .Then(context => context.Saga.Reason = SmsReasons.SendTime)
                .TransitionTo(Queued)
                .If(context => context.Saga.Cost is not null, held => StartAttempt(held, SmsReasons.CreditHeld)),
            When(CancelRequested, context => context.Message.ClientId == context.Saga.ClientId)
                .Unschedule(SendTime)
                .Then(context => context.Saga.Reason = SmsReasons.Canceled)
                .TransitionTo(Canceled)
                .Publish(context => new ReleaseCredit(context.Saga.CorrelationId, context.Saga.HoldId))
                // Published, but no status callback: the message never went out, and the one who canceled it knows.
                .Publish(context => new SmsCanceled(context.Saga.CorrelationId, context.Saga.ClientId, context.Saga.IdempotencyKey,
                    context.Saga.Reference, clock.GetUtcNow())));

        During(Queued,
            StartAttempt(When(CreditHeld, IsCurrentHold).Then(context => context.Saga.Cost = context.Message.Amount), SmsReasons.CreditHeld),
            When(CreditRejected, IsCurrentHold)
                .Then(context => Fail(context.Saga, context.Message.ReasonCode, null))
                .TransitionTo(Failed)
                .Tell(context => FailedEvent(context.Saga, clock)),
            // A marketing retry that falls due after the window has closed waits in Scheduled, like a new message, until
            // the window opens again.
            WaitForSendTime(When(RetryDue.Received, context => EarliestSend(context.Saga).At > clock.GetUtcNow())
                .Then(context => PlanSend(context.Saga))
                .TransitionTo(Scheduled)),
            StartAttempt(When(RetryDue.Received, context => EarliestSend(context.Saga).At <= clock.GetUtcNow()), SmsReasons.Retry));

        During(Sending,
            When(Accepted, context => context.Message.AttemptId == context.Saga.AttemptId)
                .Then(context => MarkSent(context.Saga, context.Message.ProviderMessageId, SmsReasons.Accepted))
                .TransitionTo(Sent)
                .Then(context => context.Saga.Deadline = DeadlineIn(settings.DeliveryReportWindow))
                .Tell(context => SentEvent(context.Saga, clock)),
            When(SubmitFailed, context => context.Message.AttemptId == context.Saga.AttemptId)
                .Then(context => context.Saga.ProviderCode = Code(context.Message.ProviderCode))
                .IfElse(context => context.Message.Permanent || AttemptsInSeries(context.Saga) >= settings.MaxAttempts,
                    giveUp => giveUp
                        .Then(context => Fail(context.Saga,
                            context.Message.Permanent ? context.Message.ProviderCode : FailureReasons.RetriesExhausted,
                            context.Message.Detail ?? context.Message.ProviderCode))
                        .TransitionTo(Failed)
                        .Publish(context => new ReleaseCredit(context.Saga.CorrelationId, context.Saga.HoldId))
                        .Tell(context => FailedEvent(context.Saga, clock)),
                    retry => retry
                        .Then(context => Fail(context.Saga, context.Message.ProviderCode, context.Message.Detail))
                        .TransitionTo(Queued)
                        .Schedule(RetryDue, context => new SmsRetryDue(context.Saga.CorrelationId),
                            context => Due(RetryBackoff.Delay(AttemptsInSeries(context.Saga), settings, Random.Shared)))),
            // No answer in time: the attempt is given up on and retried like a transient refusal. The provider may
            // still have taken it; its reference is the attempt id, so a provider that de-duplicates sends it once.
            When(SendingTimedOut, context => context.Message.AttemptId is null || context.Message.AttemptId == context.Saga.AttemptId)
                .IfElse(context => AttemptsInSeries(context.Saga) >= settings.MaxAttempts,
                    giveUp => giveUp
                        .Then(context => Fail(context.Saga, FailureReasons.RetriesExhausted, "no answer from the provider"))
                        .TransitionTo(Failed)
                        .Publish(context => new ReleaseCredit(context.Saga.CorrelationId, context.Saga.HoldId))
                        .Tell(context => FailedEvent(context.Saga, clock)),
                    retry => retry
                        .Then(context => Fail(context.Saga, FailureReasons.SendingTimeout, "no answer from the provider"))
                        .TransitionTo(Queued)
                        .Schedule(RetryDue, context => new SmsRetryDue(context.Saga.CorrelationId),
                            context => Due(RetryBackoff.Delay(AttemptsInSeries(context.Saga), settings, Random.Shared)))),
            // The delivery report beat the submit acknowledgement: the provider clearly accepted the message.
            When(Reported)
                .Then(context => context.Saga.ProviderCode = Code(context.Message.ProviderCode))
                .Then(context => MarkSent(context.Saga, context.Message.ProviderMessageId, SmsReasons.AcceptedByReport))
                .TransitionTo(Sent)
                .Tell(context => SentEvent(context.Saga, clock))
                .IfElse(context => context.Message.Delivered,
                    delivered => Deliver(delivered, clock),
                    undelivered => Undeliver(undelivered, clock)));

        During(Sent,
            Deliver(When(Reported, context => context.Message.Delivered && !context.Saga.ReportWindowClosed)
                .Then(context => context.Saga.ProviderCode = Code(context.Message.ProviderCode)), clock),
            Undeliver(When(Reported, context => !context.Message.Delivered && !context.Saga.ReportWindowClosed)
                .Then(context => context.Saga.ProviderCode = Code(context.Message.ProviderCode)), clock),
            // No report within the window: Sent is final. The provider has charged us, so the client pays.
            When(ReportWindowClosed, context => !context.Saga.ReportWindowClosed
                    && (context.Message.AttemptId is null || context.Message.AttemptId == context.Saga.AttemptId))
                .Then(context =>
                {
                    context.Saga.ReportWindowClosed = true;
                    context.Saga.Deadline = null;
                    context.Saga.Reason = SmsReasons.ReportWindowClosed;
                    SmsTimeline.Record(context.Saga, Sent.Name, Sent.Name, clock.GetUtcNow());
                })
                .Publish(context => new CaptureCredit(context.Saga.CorrelationId, context.Saga.HoldId)),
            Ignore(Accepted),
            Ignore(SubmitFailed),
            Ignore(SendingTimedOut));

        // A hold that completes after the message was canceled is given straight back.
        During(Canceled,
            When(CreditHeld)
                .Publish(context => new ReleaseCredit(context.Saga.CorrelationId, context.Message.HoldId)));

        // Support's replay of a failed message: a fresh hold and a new series of attempts. The timeline keeps the old ones.
        During(Failed,
            When(ReplayRequested)
                .Then(context =>
                {
                    var saga = context.Saga;
                    saga.Replays++;
                    saga.HoldId = NewId.NextGuid();
                    saga.AttemptsBefore = saga.Attempts;
                    saga.Cost = null;
                    saga.ProviderMessageId = null;
                    saga.SendAt = null;
                    saga.ReportWindowClosed = false;
                    saga.Reason = SmsReasons.Replay;
                    saga.Detail = null;
                })
                .TransitionTo(Queued)
                .Publish(context => Hold(context.Saga)));

        // Repeats and stragglers: a duplicate request, a redelivered credit answer, an acknowledgement or report for
        // an attempt already decided, a timer that fired as it was being canceled. None of them changes a thing.
        During(Sending, Sent, Ignore(Requested));
        During(Delivered, Failed, Canceled, Ignore(Requested));
        During(Scheduled, Queued, Sending, Sent, Ignore(ReplayRequested));
        During(Delivered, Canceled, Ignore(ReplayRequested));
        During(Sending, Sent, Ignore(CreditHeld), Ignore(CreditRejected), Ignore(CancelRequested));
        During(Delivered, Failed, Ignore(CreditHeld), Ignore(CreditRejected), Ignore(CancelRequested));
        During(Queued, Ignore(Accepted), Ignore(SubmitFailed), Ignore(Reported), Ignore(CancelRequested), Ignore(SendingTimedOut));
        During(Scheduled, Ignore(Accepted), Ignore(SubmitFailed), Ignore(Reported), Ignore(RetryDue.Received), Ignore(SendingTimedOut));
        During(Scheduled, Queued, Sending, Ignore(ReportWindowClosed));
        During(Delivered, Failed, Canceled, Ignore(Accepted), Ignore(SubmitFailed), Ignore(Reported));
        During(Delivered, Failed, Canceled, Ignore(RetryDue.Received), Ignore(SendingTimedOut), Ignore(ReportWindowClosed));
        During(Canceled, Ignore(CreditRejected), Ignore(CancelRequested), Ignore(SendTime.Received));
        During(Sending, Sent, Ignore(RetryDue.Received), Ignore(SendTime.Received));
        During(Queued, Delivered, Failed, Ignore(SendTime.Received));
    }

    /// <summary>When a cancel that found no message looks again: within a quarter of an hour of its SendSms, in all.</summary>
    static readonly TimeSpan[] CancelRedeliveries =
        [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10)];

    static bool IsCurrentHold(BehaviorContext<SmsState, CreditHeld> context) => context.Message.HoldId == context.Saga.HoldId;

    static bool IsCurrentHold(BehaviorContext<SmsState, CreditHoldRejected> context) => context.Message.HoldId == context.Saga.HoldId;

    /// <summary>
    /// The message's first row, as the intake writes it with the credit hold (<see cref="SmsRequested.HeldAmount"/> must be
    /// set): what the saga itself would store on this request, Queued or Scheduled, with its first timeline entry.
    /// </summary>
    public SmsState FirstRow(SmsRequested request)
    {
        ArgumentNullException.ThrowIfNull(request.HeldAmount);
        var saga = NewMessage(request, _clock);
        saga.Cost = request.HeldAmount;
        PlanFirstSend(saga);
        saga.CurrentState = saga.SendAt is null ? Queued.Name : Scheduled.Name;
        SmsTimeline.Record(saga, null, saga.CurrentState, saga.CreatedAt);
        return saga;
    }

    /// <summary>When a message may go: not before its send-at time and, for marketing, inside the recipient's send window.</summary>
    (DateTimeOffset At, string? Note) EarliestSend(SmsState saga)
    {
        var now = _clock.GetUtcNow();
        var from = saga.SendAt > now ? saga.SendAt.Value : now;
        if (saga.Category != "marketing")
            return (from, null);
        var zones = RecipientTimeZones.Resolve((saga.TimeZones ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries));
        var opening = _windows.Value.For(saga.ClientId).NextOpening(from, zones, out var note);
        return (opening, note);
    }

    void PlanSend(SmsState saga)
    {
        var (at, note) = EarliestSend(saga);
        if (at > (saga.SendAt ?? _clock.GetUtcNow()))
            saga.Reason = SmsReasons.SendWindow;
        saga.Detail = note;
        saga.SendAt = at;
    }

    /// <summary>Plans a new message's send: SendAt stays set (UTC) when it waits, and is null when it goes now.</summary>
    void PlanFirstSend(SmsState saga)
    {
        PlanSend(saga);
        if (saga.SendAt <= _clock.GetUtcNow())
            saga.SendAt = null;
    }

    /// <summary>Sets the timer that moves a Scheduled message on at its send time.</summary>
    EventActivityBinder<SmsState, T> WaitForSendTime<T>(EventActivityBinder<SmsState, T> binder) where T : class =>
        binder.Schedule(SendTime, context => new SmsSendTimeDue(context.Saga.CorrelationId), context => context.Saga.SendAt!.Value.UtcDateTime);

    static int AttemptsInSeries(SmsState saga) => saga.Attempts - saga.AttemptsBefore;

    static HoldCredit Hold(SmsState saga) => new(saga.HoldId, saga.CorrelationId, saga.ClientId, saga.Segments, saga.To);

    /// <summary>Starts the next attempt: a new attempt id, Sending, the submission, and its deadline.</summary>
    EventActivityBinder<SmsState, T> StartAttempt<T>(EventActivityBinder<SmsState, T> binder, string reason) where T : class =>
        binder
            .Then(context => NextAttempt(context.Saga, reason))
            .TransitionTo(Sending)
            .Then(context => context.Saga.Deadline = DeadlineIn(_settings.SendingTimeout))
            .Publish(context => Submission(context.Saga));

    /// <summary>A deadline <paramref name="delay"/> from now, by the saga's clock.</summary>
    DateTimeOffset DeadlineIn(TimeSpan delay) => _clock.GetUtcNow() + delay;

    /// <summary>
    /// When a timer set now with <paramref name="delay"/> fires, by the saga's clock: every timer of the saga is an instant
    /// of the same clock that decides send times and windows (MassTransit's own delays would read the system clock).
    /// </summary>
    DateTime Due(TimeSpan delay) => (_clock.GetUtcNow() + delay).UtcDateTime;

    EventActivityBinder<SmsState, T> Deliver<T>(EventActivityBinder<SmsState, T> binder, TimeProvider clock) where T : class =>
        binder
            .Then(context => context.Saga.Reason = SmsReasons.Delivered)
            .TransitionTo(Delivered)
            .Publish(context => new CaptureCredit(context.Saga.CorrelationId, context.Saga.HoldId))
            .Tell(context => DeliveredEvent(context.Saga, clock));

    EventActivityBinder<SmsState, DeliveryReported> Undeliver(EventActivityBinder<SmsState, DeliveryReported> binder, TimeProvider clock) =>
        binder
            .Then(context => Fail(context.Saga, FailureReasons.Undelivered, context.Message.ProviderCode))
            .TransitionTo(Failed)
            .Publish(context => new ReleaseCredit(context.Saga.CorrelationId, context.Saga.HoldId))
            .Tell(context => FailedEvent(context.Saga, clock));

    static SmsState NewMessage(SmsRequested request, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        return new SmsState
        {
            CorrelationId = request.MessageId,
            HoldId = request.MessageId,
            ClientId = request.ClientId,
            IdempotencyKey = request.IdempotencyKey,
            To = request.To,
            Text = request.Text,
            SenderId = request.SenderId,
            Reference = request.Reference,
            Segments = request.Segments,
            Encoding = request.Encoding,
            Category = request.Category,
            TimeZones = request.TimeZones is null ? null : string.Join(",", request.TimeZones),
            SendAt = request.SendAt?.ToUniversalTime(), // a request from before the validator made it UTC (replayed from sms-state_error)
            Notify = request.Notify,
            Reason = request.SendAt is null ? SmsReasons.Requested : SmsReasons.SendAt,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    static void NextAttempt(SmsState saga, string reason)
    {
        saga.Attempts++;
        saga.AttemptId = NewId.NextGuid();
        saga.Reason = reason;
        saga.Detail = null;
    }

    static void MarkSent(SmsState saga, string providerMessageId, string reason)
    {
        saga.ProviderMessageId = providerMessageId;
        saga.Reason = reason;
        saga.Detail = null;
    }

    /// <summary>A provider's code as the saga keeps it (at most 32 characters).</summary>
    static string? Code(string? code) => code is { Length: > 32 } ? code[..32] : code;

    static void Fail(SmsState saga, string reason, string? detail)
    {
        saga.Reason = reason;
        saga.Detail = detail is { Length: > 512 } ? detail[..512] : detail;
    }

    static SubmitSms Submission(SmsState saga) =>
        new(saga.CorrelationId, saga.AttemptId!.Value, saga.Attempts, saga.To, saga.Text, saga.SenderId, saga.Segments, saga.ClientId);

    static SmsSent SentEvent(SmsState saga, TimeProvider clock) =>
        new(saga.CorrelationId, saga.ClientId, saga.IdempotencyKey, saga.Reference, saga.Segments, saga.ProviderMessageId, clock.GetUtcNow());

    static SmsDelivered DeliveredEvent(SmsState saga, TimeProvider clock) =>
        new(saga.CorrelationId, saga.ClientId, saga.IdempotencyKey, saga.Reference, saga.Segments, clock.GetUtcNow());

    static SmsFailed FailedEvent(SmsState saga, TimeProvider clock) =>
        new(saga.CorrelationId, saga.ClientId, saga.IdempotencyKey, saga.Reference, saga.Segments, saga.Reason!, saga.Detail, clock.GetUtcNow());
}
