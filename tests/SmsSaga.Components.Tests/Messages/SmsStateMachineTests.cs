using SmsSaga.Components.Messages;
using SmsSaga.Contracts;
using SmsSaga.Contracts.Internal;

namespace SmsSaga.Components.Tests.Messages;

public sealed class SmsStateMachineTests : IAsyncLifetime
{
    readonly SmsSagaHarness _h = new(maxAttempts: 3);

    public Task InitializeAsync() => _h.Start();

    public Task DisposeAsync() => _h.DisposeAsync().AsTask();

    [Fact]
    public async Task SendSms_queues_the_message_and_asks_for_a_credit_hold()
    {
        var request = SmsSagaHarness.Request();
        var id = SmsSagaHarness.IdOf(request);

        var saga = await _h.PublishAndWait(request, id, m => m.Queued);

        Assert.Equal("+447911123456", saga.To);
        Assert.Equal(1, saga.Segments);
        Assert.Equal("GSM-7", saga.Encoding);
        await _h.FirstPublished<HoldCredit>(m => m.MessageId == id && m.Segments == 1);
    }

    [Fact]
    public async Task A_request_the_HTTP_API_held_goes_straight_to_sending_and_asks_for_no_hold()
    {
        var id = Guid.NewGuid();

        var saga = await _h.PublishAndWait(SmsSagaHarness.Held(id), id, m => m.Sending);

        Assert.Equal(0.04m, saga.Cost);
        Assert.Equal(id, saga.HoldId);
        Assert.Equal([SmsStates.Queued, SmsStates.Sending], saga.History.Select(t => t.To));
        Assert.Equal([SmsReasons.Requested, SmsReasons.CreditHeld], saga.History.Select(t => t.Reason));
        await _h.FirstPublished<SubmitSms>(m => m.MessageId == id && m.Attempt == 1);
        Assert.Equal(0, _h.PublishedCount<HoldCredit>(m => m.MessageId == id));
    }

    [Fact]
    public async Task A_held_request_for_later_waits_scheduled_with_its_cost_and_sends_when_due()
    {
        var id = Guid.NewGuid();

        var saga = await _h.PublishAndWait(SmsSagaHarness.Held(id) with { SendAt = DateTimeOffset.UtcNow.AddHours(1) }, id, m => m.Scheduled);
        Assert.Equal(0.04m, saga.Cost);

        await _h.PublishAndWait(new SmsSendTimeDue(id), id, m => m.Sending);
        await _h.FirstPublished<SubmitSms>(m => m.MessageId == id);
        Assert.Equal(0, _h.PublishedCount<HoldCredit>(m => m.MessageId == id));
    }

    [Fact]
    public void The_machine_has_exactly_the_states_SmsStates_names()
    {
        var states = _h.Machine.States.Select(s => s.Name).Except([_h.Machine.Initial.Name, _h.Machine.Final.Name]);

        Assert.Equal(SmsStates.Initial, _h.Machine.Initial.Name);
        Assert.Equal(SmsStates.All.Order(), states.Order());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Statuses_reach_the_callback_endpoint_only_for_a_message_that_notifies(bool notify)
    {
        var id = Guid.NewGuid();
        await _h.PublishAndWait(SmsSagaHarness.Held(id) with { Notify = notify }, id, m => m.Sending);
        var submit = await _h.FirstPublished<SubmitSms>(m => m.MessageId == id);
        await _h.PublishAndWait(new SmsAccepted(id, submit.AttemptId, "p-1"), id, m => m.Sent);
        await _h.PublishAndWait(new DeliveryReported(id, "p-1", true, "DELIVRD", DateTimeOffset.UtcNow), id, m => m.Delivered);
        await _h.Test.InactivityTask;

        int ToCallbacks<T>() where T : class => _h.Test.Sent.Select<T>(x =>
            x.Context.DestinationAddress?.AbsolutePath.EndsWith("/" + StatusNotifications.QueueName) == true).Count();
        Assert.Equal(notify ? 1 : 0, ToCallbacks<SmsSent>());
        Assert.Equal(notify ? 1 : 0, ToCallbacks<SmsDelivered>());
        Assert.Equal(1, _h.PublishedCount<SmsSent>(m => m.MessageId == id)); // subscribers hear of it either way
        Assert.Equal(1, _h.PublishedCount<SmsDelivered>(m => m.MessageId == id));
    }

    [Fact]
    public async Task Happy_path_goes_queued_sending_sent_delivered_and_captures_the_hold()
    {
        var id = await Queue();

        await _h.PublishAndWait(new CreditHeld(id, id, 0.05m), id, m => m.Sending);
        var submit = await _h.FirstPublished<SubmitSms>(m => m.MessageId == id);
        Assert.Equal(1, submit.Attempt);

        await _h.PublishAndWait(new SmsAccepted(id, submit.AttemptId, "p-1"), id, m => m.Sent);
        await _h.FirstPublished<SmsSent>(m => m.MessageId == id && m.ProviderMessageId == "p-1");

        var saga = await _h.PublishAndWait(Report(id, delivered: true), id, m => m.Delivered);
        await _h.FirstPublished<CaptureCredit>(m => m.MessageId == id);
        await _h.FirstPublished<SmsDelivered>(m => m.MessageId == id && m.Reference == "ref-1");
        Assert.Equal(0.05m, saga.Cost);
        Assert.Equal(["Queued", "Sending", "Sent", "Delivered"], saga.History.Select(t => t.To));
        Assert.Equal([null, "Queued", "Sending", "Sent"], saga.History.Select(t => t.From));
    }

    [Fact]
    public async Task Delivery_report_before_submit_ack_still_ends_delivered()
    {
        var id = await Queue();
        var attempt = await Hold(id);

        var saga = await _h.PublishAndWait(Report(id, delivered: true), id, m => m.Delivered);
        await _h.Test.Bus.Publish(new SmsAccepted(id, attempt, "p-1"));
        await _h.Test.InactivityTask;

        Assert.Equal(_h.Machine.Delivered.Name, saga.CurrentState);
        Assert.Equal(["Queued", "Sending", "Sent", "Delivered"], saga.History.Select(t => t.To));
        Assert.Equal(1, _h.PublishedCount<SmsSent>(m => m.MessageId == id));
        Assert.Equal(1, _h.PublishedCount<SmsDelivered>(m => m.MessageId == id));
        Assert.Equal(1, _h.PublishedCount<CaptureCredit>(m => m.MessageId == id));
    }

    [Fact]
    public async Task Duplicate_SendSms_after_delivered_sends_holds_and_publishes_nothing_more()
    {
        var request = SmsSagaHarness.Request(key: "dup");
        var id = SmsSagaHarness.IdOf(request);
        await _h.PublishAndWait(request, id, m => m.Queued);
        var attempt = await Hold(id);
        await _h.PublishAndWait(new SmsAccepted(id, attempt, "p-1"), id, m => m.Sent);
        await _h.PublishAndWait(Report(id, delivered: true), id, m => m.Delivered);

        await _h.Publish(request);
        await _h.Publish(request with { Text = "a different text under the same key" });
        await _h.Test.InactivityTask;

        Assert.Equal(3, _h.PublishedCount<SmsRequested>(m => m.MessageId == id)); // each duplicate reached the saga…
        Assert.Equal(1, _h.PublishedCount<HoldCredit>(m => m.MessageId == id));   // …and changed nothing
        Assert.Equal(1, _h.PublishedCount<SubmitSms>(m => m.MessageId == id));
        Assert.Equal(1, _h.PublishedCount<SmsDelivered>(m => m.MessageId == id));
        Assert.Equal(_h.Machine.Delivered.Name, _h.Saga.Sagas.Contains(id)!.CurrentState);
    }

    [Fact]
    public async Task Duplicate_SendSms_while_sending_changes_nothing()
    {
        var request = SmsSagaHarness.Request(key: "dup-during");
        var id = SmsSagaHarness.IdOf(request);
        await _h.PublishAndWait(request, id, m => m.Queued);
        await Hold(id);

        await _h.Publish(request);
        await _h.Test.InactivityTask;

        Assert.Equal(_h.Machine.Sending.Name, _h.Saga.Sagas.Contains(id)!.CurrentState);
        Assert.Equal(1, _h.PublishedCount<HoldCredit>(m => m.MessageId == id));
        Assert.Equal(1, _h.PublishedCount<SubmitSms>(m => m.MessageId == id));
    }

    [Fact]
    public async Task Permanent_provider_failure_fails_with_the_provider_code_and_releases_the_hold()
    {
        var id = await Queue();
        var attempt = await Hold(id);

        var saga = await _h.PublishAndWait(new SmsSubmitFailed(id, attempt, "sim_rejected", Permanent: true, "no route"), id, m => m.Failed);

        await _h.FirstPublished<ReleaseCredit>(m => m.MessageId == id);
        var failed = await _h.FirstPublished<SmsFailed>(m => m.MessageId == id);
        Assert.Equal("sim_rejected", failed.ReasonCode);
        Assert.Equal("sim_rejected", saga.History.Last().Reason);
        Assert.Equal(1, saga.Attempts);
    }

    [Fact]
    public async Task Replaying_a_failed_message_takes_a_fresh_hold_and_a_new_series_of_attempts()
    {
        var id = await Queue();
        var attempt = await Hold(id);
        await _h.PublishAndWait(new SmsSubmitFailed(id, attempt, "sim_rejected", Permanent: true, null), id, m => m.Failed);

        await _h.PublishAndWait(new SmsReplayRequested(id), id, m => m.Queued);
        var hold = await _h.FirstPublished<HoldCredit>(m => m.MessageId == id && m.HoldId != id);
        await _h.Test.Bus.Publish(new CreditHeld(id, id, 0.05m)); // the first hold's answer, again: not this series'
        await _h.Test.InactivityTask;
        Assert.Equal(_h.Machine.Queued.Name, _h.Saga.Sagas.Contains(id)!.CurrentState);

        await _h.PublishAndWait(new CreditHeld(id, hold.HoldId, 0.05m), id, m => m.Sending);
        var second = await NextSubmission(id, 2);
        await _h.PublishAndWait(new SmsAccepted(id, second, "p-2"), id, m => m.Sent);
        var saga = await _h.PublishAndWait(Report(id, delivered: true), id, m => m.Delivered);

        await _h.FirstPublished<CaptureCredit>(m => m.MessageId == id && m.HoldId == hold.HoldId);
        Assert.Equal(1, saga.Replays);
        Assert.Equal(["Queued", "Sending", "Failed", "Queued", "Sending", "Sent", "Delivered"], saga.History.Select(t => t.To));
    }

    [Fact]
    public async Task Replay_is_ignored_unless_the_message_failed()
    {
        var id = await Queue();
        await Hold(id);

        await _h.Test.Bus.Publish(new SmsReplayRequested(id));
        await _h.Test.InactivityTask;

        Assert.Equal(_h.Machine.Sending.Name, _h.Saga.Sagas.Contains(id)!.CurrentState);
        Assert.Equal(1, _h.PublishedCount<HoldCredit>(m => m.MessageId == id));
    }

    [Fact]
    public async Task Insufficient_credit_fails_without_a_charge_or_a_send()
    {
        var id = await Queue();

        await _h.PublishAndWait(new CreditHoldRejected(id, id, FailureReasons.InsufficientCredit), id, m => m.Failed);
        await _h.Test.InactivityTask;

        var failed = Assert.Single(_h.Test.Published.Select<SmsFailed>(), x => x.Context.Message.MessageId == id).Context.Message;
        Assert.Equal(FailureReasons.InsufficientCredit, failed.ReasonCode);
        Assert.Equal(0, _h.PublishedCount<SubmitSms>(m => m.MessageId == id));
        Assert.Equal(0, _h.PublishedCount<ReleaseCredit>(m => m.MessageId == id)); // nothing was held
        Assert.Equal(0, _h.PublishedCount<CaptureCredit>(m => m.MessageId == id));
    }

    [Fact]
    public async Task Transient_failure_retries_with_a_new_attempt_until_the_limit_then_fails()
    {
        var id = await Queue();
        var attempt = await Hold(id);

        for (var n = 1; n <= 3; n++)
        {
            await _h.Test.Bus.Publish(new SmsSubmitFailed(id, attempt, "sim_throttled", Permanent: false, null));
            if (n < 3)
                attempt = await NextSubmission(id, n + 1);
        }

        var saga = await _h.PublishAndWait(new SmsSubmitFailed(id, Guid.NewGuid(), "stale", false, null), id, m => m.Failed);
        Assert.Equal(FailureReasons.RetriesExhausted, saga.Reason);
        Assert.Equal(3, saga.Attempts);
        Assert.Equal(3, _h.PublishedCount<SubmitSms>(m => m.MessageId == id));
        Assert.Equal(1, _h.PublishedCount<ReleaseCredit>(m => m.MessageId == id));
        Assert.Equal(["Queued", "Sending", "Queued", "Sending", "Queued", "Sending", "Failed"], saga.History.Select(t => t.To));
    }

    [Fact]
    public async Task Undelivered_report_after_sent_fails_and_releases()
    {
        var id = await Queue();
        var attempt = await Hold(id);
        await _h.PublishAndWait(new SmsAccepted(id, attempt, "p-1"), id, m => m.Sent);

        var saga = await _h.PublishAndWait(Report(id, delivered: false), id, m => m.Failed);

        Assert.Equal(FailureReasons.Undelivered, saga.Reason);
        Assert.Equal(saga.Detail, saga.ProviderCode); // the report's code is the provider's code, not only a detail
        Assert.NotNull(saga.ProviderCode);
        await _h.FirstPublished<ReleaseCredit>(m => m.MessageId == id);
        Assert.Equal(0, _h.PublishedCount<CaptureCredit>(m => m.MessageId == id));
    }

    [Fact]
    public async Task Acknowledgement_of_an_older_attempt_is_ignored()
    {
        var id = await Queue();
        await Hold(id);

        await _h.Test.Bus.Publish(new SmsAccepted(id, Guid.NewGuid(), "p-stale"));
        await _h.Test.InactivityTask;

        var saga = _h.Saga.Sagas.Contains(id)!;
        Assert.Equal(_h.Machine.Sending.Name, saga.CurrentState);
        Assert.Null(saga.ProviderMessageId);
    }

    [Fact]
    public async Task Redelivered_credit_answer_after_sending_changes_nothing()
    {
        var id = await Queue();
        await Hold(id);

        await _h.Test.Bus.Publish(new CreditHeld(id, id, 0.05m));
        await _h.Test.InactivityTask;

        Assert.Equal(1, _h.PublishedCount<SubmitSms>(m => m.MessageId == id));
        Assert.Equal(_h.Machine.Sending.Name, _h.Saga.Sagas.Contains(id)!.CurrentState);
    }

    async Task<Guid> Queue()
    {
        var request = SmsSagaHarness.Request(key: Guid.NewGuid().ToString());
        var id = SmsSagaHarness.IdOf(request);
        await _h.PublishAndWait(request, id, m => m.Queued);
        return id;
    }

    async Task<Guid> Hold(Guid id)
    {
        await _h.PublishAndWait(new CreditHeld(id, id, 0.05m), id, m => m.Sending);
        return await NextSubmission(id, 1);
    }

    async Task<Guid> NextSubmission(Guid id, int attempt)
    {
        var submission = await _h.FirstPublished<SubmitSms>(m => m.MessageId == id && m.Attempt == attempt);
        return submission.AttemptId;
    }

    static DeliveryReported Report(Guid id, bool delivered) =>
        new(id, "p-1", delivered, delivered ? "DELIVRD" : "UNDELIV", DateTimeOffset.UtcNow);
}
