using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using SmsSaga.Components.Clients;
using SmsSaga.Components.Credits;
using SmsSaga.Components.Messages;
using SmsSaga.Components.Reconciliation;
using SmsSaga.Contracts;
using SmsSaga.Contracts.Internal;

namespace SmsSaga.IntegrationTests;

/// <summary>
/// The reconciliation sweep on PostgreSQL and RabbitMQ: no hold stays held for ever. The fixture's grace is five seconds
/// (<c>Reconciliation:Grace</c>); its trigger fires hourly, so each test runs the sweep itself, through Quartz or directly.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class ReconciliationTests(GatewayFixture gateway)
{
    static readonly TimeSpan Grace = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_message_that_fails_for_good_at_the_sagas_insert_has_its_credit_back_within_one_sweep()
    {
        var client = await gateway.NewClient("reconcile-insert", credit: 1m);
        var id = MessageIdentity.For(client, "nul");
        var held = await Ledger(ledger => ledger.HoldAsync(id, id, client, "+447911123456", 1, CancellationToken.None));
        Assert.True(held.Held);

        // A request the validator never saw (one from before it, or from an internal publisher): PostgreSQL refuses a NUL
        // in text (22021), so the saga's insert fails every time and the request ends in sms-state_error, with no row.
        await gateway.Bus.Publish(new SmsRequested(id, client, "nul", "+447911123456", "hi", null, "a\0b", 1, "GSM-7", HeldAmount: held.Amount));
        string? fault = null;
        Assert.True(await Eventually.Until(async () =>
            (fault = await SmsSaga.Tests.ErrorQueues.TakeAsync(TestEnvironment.RabbitVirtualHost, "sms-state_error", id.ToString())) is not null,
            TimeSpan.FromSeconds(60)), "the request did not reach sms-state_error");
        Assert.False(await gateway.Query(db => db.Messages.AnyAsync(m => m.CorrelationId == id)));
        Assert.Equal(HoldStatus.Held, await HoldStatusOf(id));

        // One sweep, fired the way the cluster fires it: the job in Quartz's store.
        await Task.Delay(Grace);
        var scheduler = await gateway.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        await scheduler.TriggerJob(ReconciliationJob.Key);
        Assert.True(await Eventually.Until(async () => await HoldStatusOf(id) == HoldStatus.Released, TimeSpan.FromSeconds(30)),
            $"the sweep did not release the hold (fault: {fault})");
        Assert.Equal(1m, await gateway.Query(db => db.Clients.Where(c => c.Id == client).Select(c => c.Available).SingleAsync()));
        await LedgerAssertions.AssertBalanced(gateway.Database, client);
    }

    [Fact]
    public async Task Holds_whose_settlement_was_lost_are_settled_as_the_message_ended_and_open_messages_are_left_alone()
    {
        var client = await gateway.NewClient("reconcile-lost", credit: 10m);
        var delivered = await Send(client, "delivered", "+447911123456", SmsStates.Delivered);
        var failed = await Send(client, "failed", "+447911123456", SmsStates.Failed);
        var canceled = await Send(client, "canceled", "+447911123456", SmsStates.Canceled, sendAt: DateTimeOffset.UtcNow.AddHours(1), cancel: true);
        var sent = await Send(client, "sent", DeadlineTests.Unreported, SmsStates.Sent);
        var recent = await Send(client, "recent", "+447911123456", SmsStates.Delivered);
        foreach (var id in new[] { delivered, failed, canceled, recent })
            Assert.True(await Eventually.Until(async () => await HoldStatusOf(id) != HoldStatus.Held, TimeSpan.FromSeconds(30)));

        // Their captures and releases are lost (dead-lettered, say): the holds are open again, the accounts as they were.
        foreach (var id in new[] { delivered, failed, canceled })
            await Unsettle(id, ended: TimeSpan.FromMinutes(1));
        await gateway.Query(db => db.Database.ExecuteSqlAsync($"UPDATE sms SET updated_at = updated_at - interval '1 minute' WHERE id = {sent}"));
        await Task.Delay(Grace); // every hold is older than the grace now
        await Unsettle(recent, ended: TimeSpan.Zero);

        // Two gateways sweeping at once settle each hold once.
        var passes = await Task.WhenAll(Sweep(), Sweep());
        Assert.Equal(1, passes.Sum(p => p.Captured));
        Assert.Equal(2, passes.Sum(p => p.Released));

        Assert.Equal(HoldStatus.Captured, await HoldStatusOf(delivered));
        Assert.Equal(HoldStatus.Released, await HoldStatusOf(failed));
        Assert.Equal(HoldStatus.Released, await HoldStatusOf(canceled));
        Assert.Equal(HoldStatus.Held, await HoldStatusOf(sent)); // still waiting for its report: not the sweep's
        Assert.Equal(HoldStatus.Held, await HoldStatusOf(recent)); // ended within the grace: the saga's settlement may be on its way

        await gateway.Query(db => db.Database.ExecuteSqlAsync($"UPDATE sms SET updated_at = updated_at - interval '1 minute' WHERE id = {recent}"));
        Assert.Equal((1, 0), await Sweep());
        await gateway.Query(db => db.Database.ExecuteSqlAsync(
            $"UPDATE sms SET report_window_closed = true, reason = 'report_window_closed', deadline = NULL WHERE id = {sent}"));
        Assert.Equal((1, 0), await Sweep());
        await LedgerAssertions.AssertBalanced(gateway.Database, client);
    }

    [Fact]
    public async Task A_message_that_stopped_moving_is_listed_as_stuck_with_what_it_waits_for()
    {
        var client = await gateway.NewClient("reconcile-stuck", credit: 1m);
        var id = await Send(client, "stuck", "+447911123456", SmsStates.Canceled, sendAt: DateTimeOffset.UtcNow.AddHours(1), cancel: true);
        Assert.DoesNotContain(await Stuck(), m => m.Id == id);

        // A Scheduled message whose timer is gone and that has not changed for an hour.
        await gateway.Query(db => db.Database.ExecuteSqlAsync(
            $"UPDATE sms SET state = {SmsStates.Scheduled}, send_time_token = NULL, updated_at = now() - interval '1 hour' WHERE id = {id}"));
        var stuck = Assert.Single(await Stuck(), m => m.Id == id);
        Assert.Equal((client, SmsStates.Scheduled, "no_timer"), (stuck.ClientId, stuck.State, stuck.Why));

        await gateway.Query(db => db.Database.ExecuteSqlAsync($"UPDATE sms SET state = {SmsStates.Canceled}, updated_at = now() WHERE id = {id}"));
        Assert.DoesNotContain(await Stuck(), m => m.Id == id);
    }

    /// <summary>
    /// Sends a message through the bus (canceling it first when asked) and waits until it ends <paramref name="until"/>. The
    /// simulator refuses 10% of messages for good, at random: a message that ends otherwise is sent again under a new key.
    /// </summary>
    async Task<Guid> Send(string client, string key, string to, string until, DateTimeOffset? sendAt = null, bool cancel = false)
    {
        string[] ended = [SmsStates.Delivered, SmsStates.Failed, SmsStates.Canceled, until];
        for (var n = 0; n < 200; n++)
        {
            var id = MessageIdentity.For(client, $"{key}-{n}");
            await gateway.Bus.Publish(new SendSms(client, $"{key}-{n}", to, "Reconcile me", SendAt: sendAt));
            if (cancel)
            {
                Assert.True(await Eventually.Until(() => gateway.Query(db => db.Messages.AnyAsync(m => m.CorrelationId == id && m.SendTimeToken != null)),
                    TimeSpan.FromSeconds(30)));
                await gateway.Bus.Publish(new CancelSms(id, client));
            }

            Assert.True(await Eventually.Until(() => gateway.Query(db => db.Messages.AnyAsync(m => m.CorrelationId == id && ended.Contains(m.CurrentState))),
                TimeSpan.FromSeconds(30)), $"{key} did not end");
            if (await gateway.Query(db => db.Messages.AnyAsync(m => m.CorrelationId == id && m.CurrentState == until)))
                return id;
        }

        throw new InvalidOperationException($"none of 200 messages ended {until}");
    }

    /// <summary>Undoes a message's capture or release as if it had never been made, and dates its last change <paramref name="ended"/> ago.</summary>
    Task Unsettle(Guid id, TimeSpan ended) => gateway.Query(db => db.Database.ExecuteSqlAsync($"""
        WITH old AS (
            SELECT hold_id, client_id, amount, status FROM credit_holds WHERE message_id = {id} AND status IN ('captured', 'released')),
        reopened AS (
            UPDATE credit_holds h SET status = 'held', settled_at = NULL FROM old WHERE h.hold_id = old.hold_id),
        account AS (
            UPDATE clients c SET held = c.held + old.amount,
                captured = c.captured - CASE WHEN old.status = 'captured' THEN old.amount ELSE 0 END,
                available = c.available - CASE WHEN old.status = 'released' THEN old.amount ELSE 0 END
            FROM old WHERE c.id = old.client_id),
        entries AS (
            DELETE FROM ledger_entries e USING old WHERE e.hold_id = old.hold_id AND e.kind IN ('capture', 'release'))
        UPDATE sms SET updated_at = now() - {ended} WHERE id = {id}
        """));

    async Task<(int Captured, int Released)> Sweep()
    {
        await using var scope = gateway.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<HoldReconciliation>().RunOnceAsync(CancellationToken.None);
    }

    async Task<List<StuckMessage>> Stuck()
    {
        await using var scope = gateway.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<StuckMessages>().ListAsync(1000, CancellationToken.None);
    }

    async Task<T> Ledger<T>(Func<CreditLedger, Task<T>> use)
    {
        await using var scope = gateway.Services.CreateAsyncScope();
        return await use(scope.ServiceProvider.GetRequiredService<CreditLedger>());
    }

    Task<string> HoldStatusOf(Guid messageId) =>
        gateway.Query(db => db.CreditHolds.Where(h => h.MessageId == messageId).Select(h => h.Status).SingleAsync());
}
