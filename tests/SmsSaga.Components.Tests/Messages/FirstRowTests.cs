using SmsSaga.Components.Messages;
using SmsSaga.Contracts.Internal;

namespace SmsSaga.Components.Tests.Messages;

/// <summary>
/// The first row the intake writes with the credit hold (<see cref="SmsStateMachine.FirstRow"/>), and the saga taking it
/// over when its <see cref="SmsRequested"/> arrives: once, whatever repeats or cancels come around it.
/// </summary>
public sealed class FirstRowTests : IAsyncLifetime
{
    readonly SmsSagaHarness _h = new(maxAttempts: 3);

    public Task InitializeAsync() => _h.Start();

    public Task DisposeAsync() => _h.DisposeAsync().AsTask();

    [Fact]
    public void A_first_row_is_the_message_as_the_saga_would_store_it_with_its_first_timeline_entry()
    {
        var id = Guid.NewGuid();

        var now = _h.Machine.FirstRow(SmsSagaHarness.Held(id));
        var later = _h.Machine.FirstRow(SmsSagaHarness.Held(id) with { SendAt = DateTimeOffset.UtcNow.AddHours(3) });

        Assert.Equal((SmsStates.Queued, 0.04m, id, "+447911123456", 1, "GSM-7"), (now.CurrentState, now.Cost, now.HoldId, now.To, now.Segments, now.Encoding));
        Assert.Null(now.SendAt);
        Assert.Equal([(null, SmsStates.Queued, SmsReasons.Requested)], now.History.Select(h => (h.From, h.To, h.Reason)));
        Assert.Equal(SmsStates.Scheduled, later.CurrentState);
        Assert.Equal(TimeSpan.Zero, later.SendAt!.Value.Offset);
        Assert.Equal([(null, SmsStates.Scheduled, SmsReasons.SendAt)], later.History.Select(h => (h.From, h.To, h.Reason)));
        Assert.Null(later.SendTimeToken); // the saga sets the timer when it takes the row over
    }

    [Fact]
    public async Task A_queued_first_row_is_taken_over_once_and_a_repeated_request_sends_nothing_more()
    {
        var id = Guid.NewGuid();
        await _h.Seed(_h.Machine.FirstRow(SmsSagaHarness.Held(id)));

        var saga = await _h.PublishAndWait(SmsSagaHarness.Held(id), id, m => m.Sending);
        await _h.Publish(SmsSagaHarness.Held(id));
        await _h.SagaConsumed<SmsRequested>(2, m => m.MessageId == id);

        Assert.Equal(1, saga.Attempts);
        Assert.Equal([SmsStates.Queued, SmsStates.Sending], saga.History.Select(t => t.To));
        Assert.Equal(1, _h.PublishedCount<SubmitSms>(m => m.MessageId == id));
        Assert.Equal(0, _h.PublishedCount<HoldCredit>(m => m.MessageId == id));
    }

    [Fact]
    public async Task A_scheduled_first_row_gets_its_timer_from_its_request_once_and_sends_when_due()
    {
        var id = Guid.NewGuid();
        var saga = _h.Machine.FirstRow(SmsSagaHarness.Held(id) with { SendAt = DateTimeOffset.UtcNow.AddHours(1) });
        await _h.Seed(saga);

        await _h.Publish(SmsSagaHarness.Held(id));
        await _h.SagaConsumed<SmsRequested>(1, m => m.MessageId == id);
        var token = saga.SendTimeToken;
        Assert.NotNull(token);
        Assert.Equal(SmsStates.Scheduled, saga.CurrentState);
        await _h.Publish(SmsSagaHarness.Held(id));
        await _h.SagaConsumed<SmsRequested>(2, m => m.MessageId == id);
        Assert.Equal(token, saga.SendTimeToken); // a repeat sets no second timer

        await _h.PublishAndWait(new SmsSendTimeDue(id), id, m => m.Sending);
        await _h.FirstPublished<SubmitSms>(m => m.MessageId == id);
        Assert.Equal(1, _h.PublishedCount<SubmitSms>(m => m.MessageId == id));
    }

    [Fact]
    public async Task A_first_row_canceled_before_its_request_arrives_ends_canceled_released_and_never_sent()
    {
        var id = Guid.NewGuid();
        await _h.Seed(_h.Machine.FirstRow(SmsSagaHarness.Held(id) with { SendAt = DateTimeOffset.UtcNow.AddHours(1) }));

        var saga = await _h.PublishAndWait(new SmsCancelRequested(id, "acme"), id, m => m.Canceled);
        await _h.Publish(SmsSagaHarness.Held(id));
        await _h.SagaConsumed<SmsRequested>(1, m => m.MessageId == id);

        Assert.Equal(SmsStates.Canceled, saga.CurrentState);
        Assert.Null(saga.SendTimeToken);
        Assert.Equal(1, _h.PublishedCount<ReleaseCredit>(m => m.HoldId == id));
        Assert.Equal(0, _h.PublishedCount<SubmitSms>(m => m.MessageId == id));
        Assert.Equal([SmsStates.Scheduled, SmsStates.Canceled], saga.History.Select(t => t.To));
    }

    [Fact]
    public async Task A_cancel_that_comes_before_its_message_is_tried_again_and_cancels_it()
    {
        var id = Guid.NewGuid();

        await _h.Publish(new SmsCancelRequested(id, "acme")); // a CancelSms consumed before its SendSms
        await _h.PublishAndWait(SmsSagaHarness.Held(id) with { SendAt = DateTimeOffset.UtcNow.AddHours(1) }, id, m => m.Scheduled);

        var saga = await _h.Saga.Exists(id, m => m.Canceled, TimeSpan.FromSeconds(5));
        Assert.True(saga.HasValue, "the early cancel was not tried again");
        await _h.FirstPublished<ReleaseCredit>(m => m.HoldId == id);
    }
}
