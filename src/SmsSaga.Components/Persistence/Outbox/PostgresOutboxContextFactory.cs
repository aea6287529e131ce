using System.Data;
using MassTransit;
using MassTransit.Middleware;
using Microsoft.EntityFrameworkCore;

namespace SmsSaga.Components.Persistence.Outbox;

/// <summary>
/// The transactional inbox/outbox on PostgreSQL, behind MassTransit's outbox consume filter. Each pass runs
/// in one ReadCommitted transaction that first locks the message's inbox row (created on first receipt):
/// pass 1 runs the consumer or saga — its own writes and every message it sends or publishes commit
/// together; pass 2 sends those messages to the broker and records them delivered. A redelivery of the same
/// message (same message id, same endpoint) finds the inbox row and never runs the consumer again. The saga
/// repository and the credit ledger join the open transaction of the same <see cref="SmsDbContext"/>.
/// </summary>
public sealed class PostgresOutboxContextFactory(SmsDbContext db, IServiceProvider provider) : IOutboxContextFactory<SmsDbContext>
{
    public async Task Send<T>(ConsumeContext<T> context, OutboxConsumeOptions options, IPipe<OutboxConsumeContext<T>> next)
        where T : class
    {
        var messageId = context.GetOriginalMessageId() ?? throw new MessageException(typeof(T), "MessageId required to use the outbox");
        var pass = new OutboxPass();
        var firstPass = true;
        var continueProcessing = true;
        while (continueProcessing)
        {
            db.ChangeTracker.Clear(); // nothing from an earlier pass or a failed attempt leaks into this one
            await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.ReadCommitted, context.CancellationToken);

            var inbox = await LockInbox(messageId, options.ConsumerId, context.CancellationToken);
            if (firstPass)
                inbox.ReceiveCount++;
            firstPass = false;

            var outboxContext = new PostgresOutboxConsumeContext<T>(context, options, provider, db, inbox, pass);
            await next.Send(outboxContext);
            await db.SaveChangesAsync(context.CancellationToken);
            await transaction.CommitAsync(context.CancellationToken);

            continueProcessing = outboxContext.ContinueProcessing;
        }
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("outboxContextFactory").Add("provider", "postgresql");

    /// <summary>Creates the inbox row on first receipt and locks it until the pass commits.</summary>
    async Task<InboxState> LockInbox(Guid messageId, Guid consumerId, CancellationToken cancellationToken)
    {
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO inbox_state (message_id, consumer_id, received, receive_count)
            VALUES ({messageId}, {consumerId}, {DateTime.UtcNow}, 0)
            ON CONFLICT (message_id, consumer_id) DO NOTHING
            """, cancellationToken);
        return await db.Set<InboxState>()
            .FromSql($"SELECT * FROM inbox_state WHERE message_id = {messageId} AND consumer_id = {consumerId} FOR UPDATE")
            .AsTracking()
            .SingleAsync(cancellationToken);
    }
}
