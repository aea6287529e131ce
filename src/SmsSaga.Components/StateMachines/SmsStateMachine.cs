using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmsSaga.Contracts;
using SmsSaga.Contracts.Internal;

namespace SmsSaga.Components.StateMachines;

/// <summary>
/// The life of one message: Queued → Sending → Sent → Delivered, or Failed. See DESIGN.md, "Lifecycle".
/// Every event may arrive twice or out of order; each handler is written so that a repeat changes nothing.
/// </summary>
public sealed class SmsStateMachine : MassTransitStateMachine<SmsState>
{
    public State Queued { get; private set; } = null!;
    public State Sending { get; private set; } = null!;
    public State Sent { get; private set; } = null!;
    public State Delivered { get; private set; } = null!;
    public State Failed { get; private set; } = null!;

    public Event<SmsRequested> Requested { get; private set; } = null!;
    public Event<CreditHeld> CreditHeld { get; private set; } = null!;
    public Event<CreditHoldRejected> CreditRejected { get; private set; } = null!;
    public Event<SmsAccepted> Accepted { get; private set; } = null!;
    public Event<SmsSubmitFailed> SubmitFailed { get; private set; } = null!;
    public Event<DeliveryReported> Reported { get; private set; } = null!;

    /// <summary>The next attempt after a transient refusal, through the bus's scheduler (Quartz).</summary>
    public Schedule<SmsState, SmsRetryDue> RetryDue { get; private set; } = null!;

    public SmsStateMachine(IOptions<SmsOptions> options, TimeProvider clock, ILogger<SmsStateMachine> logger)
    {
        var settings = options.Value;

        InstanceState(x => x.CurrentState);
        ConnectStateObserver(new SmsTimeline(clock, logger));

        Event(() => Requested, e =>
        {
            e.CorrelateById(context => context.Message.MessageId);
            e.SetSagaFactory(context => NewMessage(context.Message, clock));
        });
        Event(() => CreditHeld, e => e.CorrelateById(context => context.Message.MessageId));
        Event(() => CreditRejected, e => e.CorrelateById(context => context.Message.MessageId));
        Event(() => Accepted, e => e.CorrelateById(context => context.Message.MessageId));
        Event(() => SubmitFailed, e => e.CorrelateById(context => context.Message.MessageId));
        Schedule(() => RetryDue, x => x.RetryToken, s =>
        {
            s.Delay = settings.RetryBaseDelay;
            s.Received = r => r.CorrelateById(context => context.Message.MessageId);
        });
        Event(() => Reported, e =>
        {
            e.CorrelateById(context => context.Message.MessageId);
            e.OnMissingInstance(m => m.Fault());
        });

        Initially(
            When(Requested)
                .TransitionTo(Queued)
                .Publish(context => new HoldCredit(context.Saga.CorrelationId, context.Saga.ClientId, context.Saga.Segments, context.Saga.To)));

        During(Queued,
            When(CreditHeld)
                .Then(context => context.Saga.Cost = context.Message.Amount)
                .Then(context => NextAttempt(context.Saga, "credit_held"))
                .TransitionTo(Sending)
                .Publish(context => Submission(context.Saga)),
            When(CreditRejected)
                .Then(context => Fail(context.Saga, context.Message.ReasonCode, null))
                .TransitionTo(Failed)
                .Publish(context => FailedEvent(context.Saga, clock)),
            When(RetryDue.Received)
                .Then(context => NextAttempt(context.Saga, "retry"))
                .TransitionTo(Sending)
                .Publish(context => Submission(context.Saga)));

        During(Sending,
            When(Accepted, context => context.Message.AttemptId == context.Saga.AttemptId)
                .Then(context => MarkSent(context.Saga, context.Message.ProviderMessageId, "accepted"))
                .TransitionTo(Sent)
                .Publish(context => SentEvent(context.Saga, clock)),
            When(SubmitFailed, context => context.Message.AttemptId == context.Saga.AttemptId)
                .IfElse(context => context.Message.Permanent || context.Saga.Attempts >= settings.MaxAttempts,
                    give_up => give_up
                        .Then(context => Fail(context.Saga,
                            context.Message.Permanent ? context.Message.ProviderCode : FailureReasons.RetriesExhausted,
                            context.Message.Detail ?? context.Message.ProviderCode))
                        .TransitionTo(Failed)
                        .Publish(context => new ReleaseCredit(context.Saga.CorrelationId))
                        .Publish(context => FailedEvent(context.Saga, clock)),
                    retry => retry
                        .Then(context => Fail(context.Saga, context.Message.ProviderCode, context.Message.Detail))
                        .TransitionTo(Queued)
                        .Schedule(RetryDue, context => new SmsRetryDue(context.Saga.CorrelationId),
                            context => RetryBackoff.Delay(context.Saga.Attempts, settings, Random.Shared))),
            // The delivery report beat the submit acknowledgement: the provider clearly accepted the message.
            When(Reported)
                .Then(context => MarkSent(context.Saga, context.Message.ProviderMessageId, "accepted_by_report"))
                .TransitionTo(Sent)
                .Publish(context => SentEvent(context.Saga, clock))
                .IfElse(context => context.Message.Delivered,
                    delivered => delivered.Then(context => context.Saga.Reason = "delivered").TransitionTo(Delivered)
                        .Publish(context => new CaptureCredit(context.Saga.CorrelationId))
                        .Publish(context => DeliveredEvent(context.Saga, clock)),
                    undelivered => undelivered.Then(context => Fail(context.Saga, FailureReasons.Undelivered, context.Message.ProviderCode))
                        .TransitionTo(Failed)
                        .Publish(context => new ReleaseCredit(context.Saga.CorrelationId))
                        .Publish(context => FailedEvent(context.Saga, clock))));

        During(Sent,
            When(Reported, context => context.Message.Delivered)
                .Then(context => context.Saga.Reason = "delivered")
                .TransitionTo(Delivered)
                .Publish(context => new CaptureCredit(context.Saga.CorrelationId))
                .Publish(context => DeliveredEvent(context.Saga, clock)),
            When(Reported, context => !context.Message.Delivered)
                .Then(context => Fail(context.Saga, FailureReasons.Undelivered, context.Message.ProviderCode))
                .TransitionTo(Failed)
                .Publish(context => new ReleaseCredit(context.Saga.CorrelationId))
                .Publish(context => FailedEvent(context.Saga, clock)),
            Ignore(Accepted),
            Ignore(SubmitFailed));

        // Repeats and stragglers: a duplicate request, a redelivered credit answer, an acknowledgement or
        // report for an attempt that has already been decided. None of them changes a thing.
        DuringAny(Ignore(Requested));
        During(Sending, Sent, Delivered, Failed, Ignore(CreditHeld), Ignore(CreditRejected));
        During(Queued, Ignore(Accepted), Ignore(SubmitFailed), Ignore(Reported));
        During(Delivered, Failed, Ignore(Accepted), Ignore(SubmitFailed), Ignore(Reported));
        During(Sending, Sent, Delivered, Failed, Ignore(RetryDue.Received));
    }

    static SmsState NewMessage(SmsRequested request, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        return new SmsState
        {
            CorrelationId = request.MessageId,
            ClientId = request.ClientId,
            IdempotencyKey = request.IdempotencyKey,
            To = request.To,
            Text = request.Text,
            SenderId = request.SenderId,
            Reference = request.Reference,
            Segments = request.Segments,
            Encoding = request.Encoding,
            Reason = "requested",
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

    static void Fail(SmsState saga, string reason, string? detail)
    {
        saga.Reason = reason;
        saga.Detail = detail is { Length: > 512 } ? detail[..512] : detail;
    }

    static SubmitSms Submission(SmsState saga) =>
        new(saga.CorrelationId, saga.AttemptId!.Value, saga.Attempts, saga.To, saga.Text, saga.SenderId, saga.Segments);

    static SmsSent SentEvent(SmsState saga, TimeProvider clock) =>
        new(saga.CorrelationId, saga.ClientId, saga.IdempotencyKey, saga.Reference, saga.Segments, saga.ProviderMessageId, clock.GetUtcNow());

    static SmsDelivered DeliveredEvent(SmsState saga, TimeProvider clock) =>
        new(saga.CorrelationId, saga.ClientId, saga.IdempotencyKey, saga.Reference, saga.Segments, clock.GetUtcNow());

    static SmsFailed FailedEvent(SmsState saga, TimeProvider clock) =>
        new(saga.CorrelationId, saga.ClientId, saga.IdempotencyKey, saga.Reference, saga.Segments, saga.Reason!, saga.Detail, clock.GetUtcNow());
}
