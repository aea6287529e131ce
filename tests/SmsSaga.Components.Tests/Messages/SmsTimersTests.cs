using SmsSaga.Components.Messages;
using SmsSaga.Contracts;
using SmsSaga.Contracts.Internal;

namespace SmsSaga.Components.Tests.Messages;

/// <summary>Send-at and cancel on the harness's delayed scheduler; the two deadlines, told as the deadline sweep tells them.</summary>
public sealed class SmsTimersTests : IAsyncLifetime
{
    static readonly TimeSpan SendingTimeout = TimeSpan.FromMinutes(2);
    static readonly TimeSpan ReportWindow = TimeSpan.FromHours(48);

    readonly SmsSagaHarness _h = new(maxAttempts: 2, sendingTimeout: SendingTimeout, reportWindow: ReportWindow);

    public Task InitializeAsync() => _h.Start();

    public Task DisposeAsync() => _h.DisposeAsync().AsTask();

    [Fact]
    public async Task A_message_with_send_at_waits_in_scheduled_holding_its_credit_then_is_sent()
    {
        var sendAt = DateTimeOffset.UtcNow.AddSeconds(1);
        var request = SmsSagaHarness.Request(key: "later") with { SendAt = sendAt };
        var id = SmsSagaHarness.IdOf(request);

        await _h.PublishAndWait(request, id, m => m.Scheduled);
        await _h.FirstPublished<HoldCredit>(m => m.MessageId == id);
        await _h.Test.Bus.Publish(new CreditHeld(id, id, 0.05m));

        var submission = await _h.FirstPublished<SubmitSms>(m => m.MessageId == id);
        Assert.True(DateTimeOffset.UtcNow >= sendAt, "submitted before its send-at time");
        Assert.Equal(1, submission.Attempt);
        var saga = _h.Saga.Sagas.Contains(id)!;
        Assert.Equal(["Scheduled", "Queued", "Sending"], saga.History.Select(t => t.To));
    }

    [Fact]
    public async Task Canceling_a_scheduled_message_releases_its_credit_and_nothing_is_sent()
    {
        var sendAt = DateTimeOffset.UtcNow.AddSeconds(2);
        var request = SmsSagaHarness.Request(key: "cancel") with { SendAt = sendAt };
        var id = SmsSagaHarness.IdOf(request);
        await _h.PublishAndWait(request, id, m => m.Scheduled);
        await _h.Test.Bus.Publish(new CreditHeld(id, id, 0.05m));

        await _h.Test.Bus.Publish(new SmsCancelRequested(id, "someone-else"));
        await _h.PublishAndWait(new SmsCancelRequested(id, request.ClientId), id, m => m.Canceled);
        await Task.Delay(sendAt.AddMilliseconds(500) - DateTimeOffset.UtcNow); // past the send-at time: the canceled timer must not fire a send

        await _h.FirstPublished<ReleaseCredit>(m => m.MessageId == id);
        await _h.FirstPublished<SmsCanceled>(m => m.MessageId == id);
        Assert.Equal(0, _h.PublishedCount<SubmitSms>(m => m.MessageId == id));
        Assert.Equal(_h.Machine.Canceled.Name, _h.Saga.Sagas.Contains(id)!.CurrentState);
    }

    [Fact]
    public async Task A_hold_that_completes_after_the_cancel_is_released()
    {
        var request = SmsSagaHarness.Request(key: "cancel-early") with { SendAt = DateTimeOffset.UtcNow.AddMinutes(5) };
        var id = SmsSagaHarness.IdOf(request);
        await _h.PublishAndWait(request, id, m => m.Scheduled);

        await _h.PublishAndWait(new SmsCancelRequested(id, request.ClientId), id, m => m.Canceled);
        await _h.Test.Bus.Publish(new CreditHeld(id, id, 0.05m));

        await _h.FirstPublished<ReleaseCredit>(m => m.MessageId == id);
        await _h.Test.InactivityTask;
        Assert.Equal(2, _h.PublishedCount<ReleaseCredit>(m => m.MessageId == id)); // once at cancel, once for the late hold
    }

    [Fact]
    public async Task An_attempt_past_its_deadline_times_out_and_is_retried_until_the_limit_a_stale_time_out_changes_nothing()
    {
        var request = SmsSagaHarness.Request(key: "silent");
        var id = SmsSagaHarness.IdOf(request);
        await _h.PublishAndWait(request, id, m => m.Queued);
        await _h.Test.Bus.Publish(new CreditHeld(id, id, 0.05m));
        var first = await _h.FirstPublished<SubmitSms>(m => m.MessageId == id && m.Attempt == 1);
        var saga = _h.Saga.Sagas.Contains(id)!;
        Assert.InRange(saga.Deadline!.Value - DateTimeOffset.UtcNow, TimeSpan.Zero, SendingTimeout); // the sweep finds it then

        await _h.Test.Bus.Publish(new SmsSendingTimedOut(id, first.AttemptId)); // as the deadline sweep would
        var second = await _h.FirstPublished<SubmitSms>(m => m.MessageId == id && m.Attempt == 2);
        await _h.Test.Bus.Publish(new SmsSendingTimedOut(id, first.AttemptId)); // the first attempt's, again: stale
        await _h.Test.InactivityTask;
        Assert.Equal(_h.Machine.Sending.Name, saga.CurrentState);

        saga = await _h.PublishAndWait(new SmsSendingTimedOut(id, second.AttemptId), id, m => m.Failed);
        Assert.Equal(FailureReasons.RetriesExhausted, saga.Reason);
        Assert.Equal(2, saga.Attempts);
        Assert.Null(saga.Deadline);
        Assert.Contains(saga.History, t => t.Reason == FailureReasons.SendingTimeout);
        await _h.FirstPublished<ReleaseCredit>(m => m.MessageId == id);
    }

    [Fact]
    public async Task No_delivery_report_within_the_window_keeps_sent_as_final_and_captures()
    {
        var request = SmsSagaHarness.Request(key: "no-report");
        var id = SmsSagaHarness.IdOf(request);
        await _h.PublishAndWait(request, id, m => m.Queued);
        await _h.Test.Bus.Publish(new CreditHeld(id, id, 0.05m));
        var submission = await _h.FirstPublished<SubmitSms>(m => m.MessageId == id);
        var saga = await _h.PublishAndWait(new SmsAccepted(id, submission.AttemptId, "p-1"), id, m => m.Sent);
        Assert.InRange(saga.Deadline!.Value - DateTimeOffset.UtcNow, SendingTimeout, ReportWindow); // the window, not the time-out

        await _h.Test.Bus.Publish(new SmsReportWindowClosed(id, submission.AttemptId)); // as the deadline sweep would
        await _h.FirstPublished<CaptureCredit>(m => m.MessageId == id);
        await _h.Test.Bus.Publish(new SmsReportWindowClosed(id, submission.AttemptId)); // told twice: captured once
        await _h.Test.Bus.Publish(new DeliveryReported(id, "p-1", false, "UNDELIV", DateTimeOffset.UtcNow)); // too late: ignored
        await _h.Test.InactivityTask;

        Assert.Equal(_h.Machine.Sent.Name, saga.CurrentState);
        Assert.True(saga.ReportWindowClosed);
        Assert.Null(saga.Deadline);
        Assert.Equal(SmsReasons.ReportWindowClosed, saga.History.Last().Reason);
        Assert.Equal(1, _h.PublishedCount<CaptureCredit>(m => m.MessageId == id));
        Assert.Equal(0, _h.PublishedCount<ReleaseCredit>(m => m.MessageId == id));
    }

    [Fact]
    public async Task A_delivered_message_has_no_deadline_left()
    {
        var request = SmsSagaHarness.Request(key: "delivered");
        var id = SmsSagaHarness.IdOf(request);
        await _h.PublishAndWait(request, id, m => m.Queued);
        await _h.Test.Bus.Publish(new CreditHeld(id, id, 0.05m));
        var submission = await _h.FirstPublished<SubmitSms>(m => m.MessageId == id);
        await _h.PublishAndWait(new SmsAccepted(id, submission.AttemptId, "p-1"), id, m => m.Sent);

        var saga = await _h.PublishAndWait(new DeliveryReported(id, "p-1", true, "DELIVRD", DateTimeOffset.UtcNow), id, m => m.Delivered);

        Assert.Null(saga.Deadline);
    }

    [Fact]
    public async Task A_marketing_message_at_night_in_the_recipients_zone_waits_for_the_window()
    {
        var zone = ZoneWhereItIsAbout2Am();
        var request = SmsSagaHarness.Request(key: "promo") with { Category = "marketing", TimeZone = zone };
        var id = SmsSagaHarness.IdOf(request);

        var saga = await _h.PublishAndWait(request, id, m => m.Scheduled);

        Assert.Equal("send_window", saga.Reason);
        Assert.Equal(TimeSpan.Zero, saga.SendAt!.Value.Offset); // PostgreSQL takes no other offset
        var local = TimeZoneInfo.ConvertTime(saga.SendAt!.Value, TimeZoneInfo.FindSystemTimeZoneById(zone));
        Assert.Equal(new TimeSpan(8, 0, 0), local.TimeOfDay);
        Assert.InRange(saga.SendAt.Value - DateTimeOffset.UtcNow, TimeSpan.FromHours(4), TimeSpan.FromHours(7));
    }

    [Fact]
    public async Task A_transactional_message_at_night_goes_at_once()
    {
        var request = SmsSagaHarness.Request(key: "otp") with { TimeZone = ZoneWhereItIsAbout2Am() };

        await _h.PublishAndWait(request, SmsSagaHarness.IdOf(request), m => m.Queued);
    }

    /// <summary>A fixed-offset IANA zone (Etc/GMT-N is UTC+N) in which it is now about 02:00: the 08:00–21:00 window is shut.</summary>
    static string ZoneWhereItIsAbout2Am()
    {
        var hoursAhead = (26 - DateTimeOffset.UtcNow.Hour) % 24;
        return hoursAhead is 0 ? "Etc/UTC" : hoursAhead <= 12 ? $"Etc/GMT-{hoursAhead}" : $"Etc/GMT+{24 - hoursAhead}";
    }
}
