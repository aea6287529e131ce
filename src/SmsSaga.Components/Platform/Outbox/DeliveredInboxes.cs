using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SmsSaga.Components.Platform.Persistence;

namespace SmsSaga.Components.Platform.Outbox;

/// <summary>
/// Records consumed messages whose outgoing messages the broker has confirmed: their inbox rows delivered, their outbox
/// rows deleted — for many messages in one statement, not one statement each. Records that come in while a statement
/// runs go together in the next one.
/// <para>
/// This is safe to do after the consumed message is acknowledged because the record only tidies up: the messages it
/// tells of are on the broker already. If the process dies first, the rows stay as they were; a redelivery of the same
/// message (which the acknowledgement makes rare) sends them again under the same ids, which every receiver's inbox
/// recognises, and the inbox clean-up removes them once they are older than the duplicate-detection window.
/// </para>
/// </summary>
public sealed class DeliveredInboxes(IServiceScopeFactory scopes, TimeProvider clock, ILogger<DeliveredInboxes> logger) : BackgroundService
{
    const int BatchSize = 1_000;

    readonly Channel<(Guid MessageId, Guid ConsumerId)> _pending = Channel.CreateUnbounded<(Guid, Guid)>(
        new UnboundedChannelOptions { SingleReader = true });

    public void Add(Guid messageId, Guid consumerId) => _pending.Writer.TryWrite((messageId, consumerId));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<(Guid MessageId, Guid ConsumerId)>(BatchSize);
        try
        {
            while (await _pending.Reader.WaitToReadAsync(stoppingToken))
                await Flush(batch, stoppingToken);
        }
        catch (Exception) when (stoppingToken.IsCancellationRequested)
        {
        }

        // Stopping: what the last consumers handed in is still recorded, if the database answers in time.
        using var last = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await Flush(batch, last.Token);
        }
        catch (Exception) when (last.IsCancellationRequested)
        {
            logger.LogInformation("{Count} delivered inboxes left unrecorded at stop; the inbox clean-up removes them", batch.Count);
        }
    }

    /// <summary>Records the batch and what else is waiting, up to a batch; tries again until it succeeds or is canceled.</summary>
    async Task Flush(List<(Guid MessageId, Guid ConsumerId)> batch, CancellationToken cancellationToken)
    {
        while (batch.Count < BatchSize && _pending.Reader.TryRead(out var item))
            batch.Add(item);
        while (batch.Count > 0)
        {
            try
            {
                await Record(batch, cancellationToken);
                batch.Clear();
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Recording {Count} delivered inboxes failed; trying again", batch.Count);
                await Task.Delay(TimeSpan.FromSeconds(1), clock, cancellationToken);
            }
        }
    }

    async Task Record(List<(Guid MessageId, Guid ConsumerId)> batch, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await RecordAsync(scope.ServiceProvider.GetRequiredService<SmsDbContext>(), batch, clock.GetUtcNow().UtcDateTime,
            cancellationToken);
    }

    /// <summary>Marks the inbox rows delivered at <paramref name="at"/> and deletes their outbox rows, in one statement.</summary>
    public static async Task RecordAsync(SmsDbContext db, IReadOnlyCollection<(Guid MessageId, Guid ConsumerId)> inboxes, DateTime at,
        CancellationToken cancellationToken)
    {
        var messageIds = inboxes.Select(b => b.MessageId).ToArray();
        var consumerIds = inboxes.Select(b => b.ConsumerId).ToArray();
        await db.Database.ExecuteSqlAsync($"""
            WITH done AS (
                SELECT * FROM unnest({messageIds}::uuid[], {consumerIds}::uuid[]) AS d(message_id, consumer_id)),
            deleted AS (
                DELETE FROM outbox_messages o USING done d
                WHERE o.inbox_message_id = d.message_id AND o.inbox_consumer_id = d.consumer_id)
            UPDATE inbox_state i SET delivered = {at}
            FROM done d WHERE i.message_id = d.message_id AND i.consumer_id = d.consumer_id
            """, cancellationToken);
    }
}
