using MassTransit;
using MassTransit.Middleware;
using MassTransit.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmsSaga.Components.Platform.Hosting;
using SmsSaga.Components.Platform.Persistence;

namespace SmsSaga.Components.Platform.Outbox;

/// <summary>
/// Sends the messages of committed bus outboxes to the broker. Each outbox is claimed with
/// <c>FOR UPDATE SKIP LOCKED</c> on its <c>outbox_state</c> row, so any number of gateway instances run this
/// loop side by side without sending a message twice in the normal case. A batch of up to 100 outboxes is claimed,
/// read and deleted in three statements; their messages go out one after another, in the order the outboxes were
/// created and in sequence order within each, and are deleted in the transaction that holds the claim. A crash after
/// sending and before the commit sends them again: delivery is at least once, with the same message ids. A batch the
/// broker has not taken within <see cref="OutboxOptions.DeliveryTimeout"/> is abandoned (claim rolled back) and tried
/// again.
/// </summary>
public sealed class BusOutboxDeliveryService(IServiceScopeFactory scopes, IBus bus, IOptions<OutboxOptions> options, TimeProvider clock,
    ILogger<BusOutboxDeliveryService> logger) : BatchLoop(clock, logger)
{
    protected override int BatchSize => 100;
    protected override TimeSpan Idle => options.Value.DeliveryPollInterval;

    /// <summary>Delivers up to a batch of outboxes; returns how many.</summary>
    protected override async Task<int> RunBatch(CancellationToken stoppingToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(options.Value.DeliveryTimeout);
        var cancellationToken = timeout.Token;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SmsDbContext>();
        return await db.InTransactionAsync(async () =>
        {
            var outboxes = await db.Database.SqlQuery<Guid>($"""
                SELECT outbox_id AS "Value" FROM outbox_state ORDER BY created LIMIT {BatchSize} FOR UPDATE SKIP LOCKED
                """).ToListAsync(cancellationToken);
            if (outboxes.Count == 0)
                return 0;

            var messages = await db.Outbox.AsNoTracking().Where(m => m.OutboxId != null && outboxes.Contains(m.OutboxId.Value))
                .ToListAsync(cancellationToken);
            var order = outboxes.Select((id, index) => (id, index)).ToDictionary(o => o.id, o => o.index);
            foreach (var message in messages.OrderBy(m => order[m.OutboxId!.Value]).ThenBy(m => m.SequenceNumber))
            {
                message.Deserialize(SystemTextJsonMessageSerializer.Instance);
                var endpoint = await bus.GetSendEndpoint(message.DestinationAddress!);
                // WaitAsync: the time-out holds even where the transport does not watch the token.
                await endpoint.Send(new SerializedMessageBody(), new OutboxMessageSendPipe(message, message.DestinationAddress), cancellationToken)
                    .WaitAsync(cancellationToken);
            }

            await db.Outbox.Where(m => m.OutboxId != null && outboxes.Contains(m.OutboxId.Value)).ExecuteDeleteAsync(cancellationToken);
            await db.Set<OutboxState>().Where(s => outboxes.Contains(s.OutboxId)).ExecuteDeleteAsync(cancellationToken);
            return outboxes.Count;
        }, cancellationToken);
    }
}
