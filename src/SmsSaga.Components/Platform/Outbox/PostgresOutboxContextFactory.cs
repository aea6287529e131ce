using MassTransit;
using MassTransit.Middleware;
using Microsoft.EntityFrameworkCore;
using SmsSaga.Components.Platform.Persistence;

namespace SmsSaga.Components.Platform.Outbox;

/// <summary>
/// The transactional inbox/outbox on PostgreSQL, behind MassTransit's outbox consume filter (which drives the
/// passes below through <see cref="PostgresOutboxConsumeContext{TMessage}"/>).
/// <list type="number">
/// <item>In one ReadCommitted transaction: lock the message's inbox row (created on first receipt), run the
/// consumer or saga, and commit its writes together with every message it sends or publishes. The saga
/// repository and the credit ledger join this transaction: they share the scope's <see cref="SmsDbContext"/>.</item>
/// <item>Send those messages to the broker, then record the inbox row delivered and delete them — through
/// <see cref="DeliveredInboxes"/>, many messages in one statement. This pass needs no transaction or lock: the messages
/// are still in memory, and the only race — a redelivery of the same message — can only send the same messages again,
/// under the same ids.</item>
/// </list>
/// A redelivery after a crash finds the inbox row: a consumed message is never consumed again; messages it
/// left unsent are loaded, under the row lock, and sent.
/// </summary>
public sealed class PostgresOutboxContextFactory(SmsDbContext db, IServiceProvider provider, DeliveredInboxes delivered) : IOutboxContextFactory<SmsDbContext>
{
    public async Task Send<T>(ConsumeContext<T> context, OutboxConsumeOptions options, IPipe<OutboxConsumeContext<T>> next)
        where T : class
    {
        var messageId = context.GetOriginalMessageId() ?? throw new MessageException(typeof(T), "MessageId required to use the outbox");
        var pass = new OutboxPass();
        var continueProcessing = true;
        InboxState? inbox = null;
        while (continueProcessing)
        {
            db.ChangeTracker.Clear(); // nothing from an earlier pass or a failed attempt leaks into this one
            if (pass.ConsumedHere)
            {
                var delivery = new PostgresOutboxConsumeContext<T>(context, options, provider, db, inbox!, pass, delivered);
                await next.Send(delivery);
                continueProcessing = delivery.ContinueProcessing;
                continue;
            }

            await using var transaction = await db.BeginAsync(context.CancellationToken);
            inbox = await LockInbox(messageId, options.ConsumerId, countReceipt: inbox is null, context.CancellationToken);

            var outboxContext = new PostgresOutboxConsumeContext<T>(context, options, provider, db, inbox, pass, delivered);
            await next.Send(outboxContext);
            await db.SaveChangesAsync(context.CancellationToken);
            await transaction.CommitAsync(context.CancellationToken);

            continueProcessing = outboxContext.ContinueProcessing;
        }
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("outboxContextFactory").Add("provider", "postgresql");

    /// <summary>Creates the inbox row on first receipt, or counts another receipt, and locks it until the pass commits.</summary>
    async Task<InboxState> LockInbox(Guid messageId, Guid consumerId, bool countReceipt, CancellationToken cancellationToken)
    {
        var increment = countReceipt ? 1 : 0;
        var rows = await db.Set<InboxState>().FromSql($"""
            INSERT INTO inbox_state (message_id, consumer_id, received, receive_count)
            VALUES ({messageId}, {consumerId}, {DateTime.UtcNow}, 1)
            ON CONFLICT (message_id, consumer_id) DO UPDATE SET receive_count = inbox_state.receive_count + {increment}
            RETURNING *
            """).AsTracking().ToListAsync(cancellationToken);
        return rows[0];
    }
}
