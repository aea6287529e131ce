using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmsSaga.Components.Messages;
using SmsSaga.Components.Platform.Outbox;
using SmsSaga.Components.Platform.Persistence;
using SmsSaga.Contracts;

namespace SmsSaga.IntegrationTests;

[Collection(GatewayCollection.Name)]
public sealed class BusOutboxTests(GatewayFixture gateway)
{
    [Fact]
    public async Task Only_messages_of_a_committed_transaction_leave_the_bus_outbox()
    {
        var client = await gateway.NewClient("outbox", credit: 1m);

        await PublishInTransaction(new SendSms(client, "rolled-back", "+447911123456", "Never sent"), commit: false);
        await PublishInTransaction(new SendSms(client, "committed", "+447911123456", "Sent once"), commit: true);

        var committed = MessageIdentity.For(client, "committed");
        Assert.True(await Eventually.Until(() => Task.FromResult(TerminalEventRecorder.Terminal.ContainsKey(committed)), TimeSpan.FromSeconds(30)));
        Assert.Equal(1, TerminalEventRecorder.Terminal[committed]);
        // The rolled-back publish was written before the committed one: had it left, it would have arrived first.
        Assert.False(await gateway.Query(db => db.Messages.AnyAsync(m => m.CorrelationId == MessageIdentity.For(client, "rolled-back"))));
        Assert.True(await Eventually.Until(() => gateway.Query(db => db.OutboxStates.AnyAsync().ContinueWith(t => !t.Result)), TimeSpan.FromSeconds(10)),
            "a delivered bus outbox was not cleaned up");
    }

    async Task PublishInTransaction(SendSms request, bool commit)
    {
        await using var scope = gateway.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SmsDbContext>();
        var outbox = scope.ServiceProvider.GetRequiredService<BusOutbox>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        await outbox.Publisher.Publish(request);
        await db.SaveChangesAsync();
        if (commit)
            await transaction.CommitAsync();
        else
            await transaction.RollbackAsync();
    }
}
