using MassTransit;
using MassTransit.Middleware;
using MassTransit.Middleware.Outbox;
using Microsoft.EntityFrameworkCore;
using SmsSaga.Components.Platform.Persistence;

namespace SmsSaga.Components.Platform.Outbox;

/// <summary>
/// The consume context of one pass of <see cref="PostgresOutboxContextFactory"/>: what MassTransit's outbox
/// pipe reads (consumed? delivered?) and writes (outgoing messages, progress) — all through the message's
/// <see cref="SmsDbContext"/> and inside the pass's transaction.
/// </summary>
sealed class PostgresOutboxConsumeContext<TMessage>(
    ConsumeContext<TMessage> context,
    OutboxConsumeOptions options,
    IServiceProvider provider,
    SmsDbContext db,
    InboxState inbox,
    OutboxPass pass,
    DeliveredInboxes delivered)
    : OutboxConsumeContextProxy<TMessage>(context, options, provider)
    where TMessage : class
{
    public override bool ContinueProcessing { get; set; } = true;
    public override bool IsMessageConsumed => inbox.Consumed.HasValue;
    public override bool IsOutboxDelivered => inbox.Delivered.HasValue;
    public override int ReceiveCount => inbox.ReceiveCount;
    public override long? LastSequenceNumber => inbox.LastSequenceNumber;

    /// <summary>
    /// Records the message consumed, in the consumer's transaction. A consumer that sent nothing has nothing
    /// left to deliver: its inbox row is marked delivered in the same commit and no further pass runs.
    /// </summary>
    public override Task SetConsumed()
    {
        inbox.Consumed = DateTime.UtcNow;
        pass.ConsumedHere = true;
        if (pass.Written.Count == 0)
        {
            inbox.Delivered = inbox.Consumed;
            ContinueProcessing = false;
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Records delivery and deletes the delivered rows. When the consumer ran in this very receive, its messages are
    /// confirmed by the broker now, so the record is handed to <see cref="DeliveredInboxes"/>, which writes many at once,
    /// and MassTransit's third, clean-up pass is skipped. A redelivery that sent what an earlier receive left behind
    /// records it at once, with the same statement.
    /// </summary>
    public override async Task SetDelivered()
    {
        inbox.Delivered = DateTime.UtcNow;
        if (pass.ConsumedHere)
        {
            delivered.Add(inbox.MessageId, inbox.ConsumerId);
            ContinueProcessing = false;
            return;
        }

        await DeliveredInboxes.RecordAsync(db, [(inbox.MessageId, inbox.ConsumerId)], inbox.Delivered.Value, CancellationToken);
    }

    public override async Task<List<OutboxMessageContext>> LoadOutboxMessages()
    {
        var messages = pass.ConsumedHere
            ? pass.Written.OrderBy(m => m.SequenceNumber).ToList()
            : await db.Set<OutboxMessage>().AsNoTracking()
                .Where(m => m.InboxMessageId == inbox.MessageId && m.InboxConsumerId == inbox.ConsumerId)
                .OrderBy(m => m.SequenceNumber)
                .Take(Options.MessageDeliveryLimit + 1)
                .ToListAsync(CancellationToken);
        foreach (var message in messages)
            message.Deserialize(SerializerContext);
        return messages.Cast<OutboxMessageContext>().ToList();
    }

    public override Task NotifyOutboxMessageDelivered(OutboxMessageContext message)
    {
        inbox.LastSequenceNumber = message.SequenceNumber;
        return Task.CompletedTask;
    }

    public override Task RemoveOutboxMessages() =>
        db.Set<OutboxMessage>()
            .Where(m => m.InboxMessageId == inbox.MessageId && m.InboxConsumerId == inbox.ConsumerId)
            .ExecuteDeleteAsync(CancellationToken);

    public override Task AddSend<T>(SendContext<T> sendContext)
    {
        var message = OutboxMessage.From(sendContext, SerializerContext, DateTime.UtcNow);
        message.InboxMessageId = inbox.MessageId;
        message.InboxConsumerId = inbox.ConsumerId;
        db.Add(message);
        pass.Written.Add(message);
        return Task.CompletedTask;
    }
}
