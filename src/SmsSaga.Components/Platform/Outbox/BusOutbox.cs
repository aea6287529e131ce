using MassTransit;
using MassTransit.Middleware;
using MassTransit.Middleware.Outbox;
using MassTransit.Serialization;
using MassTransit.Transports;
using SmsSaga.Components.Platform.Persistence;

namespace SmsSaga.Components.Platform.Outbox;

/// <summary>
/// Publishing from outside a consumer (the API, a background job) in the same transaction as a database
/// change: messages published through <see cref="Publisher"/> are written to <c>outbox_messages</c> by the
/// scope's <see cref="SmsDbContext"/> and go out with its next commit — or not at all. The
/// <see cref="BusOutboxDeliveryService"/> sends them to the broker afterwards, in order.
/// </summary>
public sealed class BusOutbox(SmsDbContext db, IBus bus, IServiceProvider provider) : OutboxSendContext
{
    readonly Guid _outboxId = NewId.NextGuid();
    IPublishEndpoint? _publisher;
    bool _stateAdded;

    public IPublishEndpoint Publisher => _publisher ??= new PublishEndpoint(new OutboxPublishEndpointProvider(this, bus));

    public Task AddSend<T>(SendContext<T> context) where T : class
    {
        lock (db)
        {
            if (!_stateAdded)
                db.Add(new OutboxState { OutboxId = _outboxId, Created = DateTime.UtcNow });
            _stateAdded = true;
            var message = OutboxMessage.From(context, SystemTextJsonMessageSerializer.Instance, DateTime.UtcNow);
            message.OutboxId = _outboxId;
            db.Add(message);
        }

        return Task.CompletedTask;
    }

    public object? GetService(Type serviceType) => provider.GetService(serviceType);
}
