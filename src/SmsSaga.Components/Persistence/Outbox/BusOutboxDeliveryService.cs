using MassTransit;
using MassTransit.Middleware;
using MassTransit.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SmsSaga.Components.Persistence.Outbox;

/// <summary>
/// Sends the messages of committed bus outboxes to the broker. Each outbox is claimed with
/// <c>FOR UPDATE SKIP LOCKED</c> on its <c>outbox_state</c> row, so any number of gateway instances run this
/// loop side by side without sending a message twice in the normal case; its messages go out in sequence
/// order and are deleted in the transaction that holds the claim. A crash after sending and before the commit
/// sends them again: delivery is at least once, with the same message ids.
/// </summary>
public sealed class BusOutboxDeliveryService(IServiceScopeFactory scopes, IBus bus, IOptions<OutboxOptions> options, TimeProvider clock,
    ILogger<BusOutboxDeliveryService> logger) : BackgroundService
{
    const int OutboxesPerBatch = 20;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var delivered = 0;
            try
            {
                delivered = await DeliverOnce(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Bus outbox delivery failed; trying again");
            }

            if (delivered < OutboxesPerBatch)
                await Task.Delay(options.Value.DeliveryPollInterval, clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Delivers up to a batch of outboxes; returns how many.</summary>
    public async Task<int> DeliverOnce(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SmsDbContext>();
        return await db.InTransactionAsync(async () =>
        {
            var outboxes = await db.Database.SqlQuery<Guid>($"""
                SELECT outbox_id AS "Value" FROM outbox_state ORDER BY created LIMIT {OutboxesPerBatch} FOR UPDATE SKIP LOCKED
                """).ToListAsync(cancellationToken);
            foreach (var outboxId in outboxes)
            {
                var messages = await db.Outbox.AsNoTracking().Where(m => m.OutboxId == outboxId)
                    .OrderBy(m => m.SequenceNumber).ToListAsync(cancellationToken);
                foreach (var message in messages)
                {
                    message.Deserialize(SystemTextJsonMessageSerializer.Instance);
                    var endpoint = await bus.GetSendEndpoint(message.DestinationAddress!);
                    await endpoint.Send(new SerializedMessageBody(), new OutboxMessageSendPipe(message, message.DestinationAddress), cancellationToken);
                }

                await db.Outbox.Where(m => m.OutboxId == outboxId).ExecuteDeleteAsync(cancellationToken);
                await db.Set<OutboxState>().Where(s => s.OutboxId == outboxId).ExecuteDeleteAsync(cancellationToken);
            }

            return outboxes.Count;
        }, cancellationToken);
    }
}
