using MassTransit;
using MassTransit.Middleware;
using MassTransit.Middleware.Outbox;
using MassTransit.Serialization;
using MassTransit.Transports;
using Npgsql;
using NpgsqlTypes;

namespace SmsSaga.Components.Platform.Outbox;

/// <summary>
/// Publishing for a caller that writes its own statements: what is published through <see cref="Publisher"/> is kept
/// in memory as outbox rows, and <see cref="InsertCommands"/> turns them into one bus outbox (the same rows
/// <see cref="BusOutbox"/> writes through EF Core), for the caller to run in its own batch. The
/// <see cref="BusOutboxDeliveryService"/> sends them once that batch has committed.
/// </summary>
public sealed class OutboxCapture(IBus bus, IServiceProvider provider) : OutboxSendContext
{
    readonly List<OutboxMessage> _messages = [];
    IPublishEndpoint? _publisher;

    public IPublishEndpoint Publisher => _publisher ??= new PublishEndpoint(new OutboxPublishEndpointProvider(this, bus));

    public Task AddSend<T>(SendContext<T> context) where T : class
    {
        lock (_messages)
            _messages.Add(OutboxMessage.From(context, SystemTextJsonMessageSerializer.Instance, DateTime.UtcNow));
        return Task.CompletedTask;
    }

    public object? GetService(Type serviceType) => provider.GetService(serviceType);

    /// <summary>
    /// The statements that write the captured messages as one outbox, each only <c>WHERE</c> <paramref name="condition"/>
    /// holds (SQL, with <paramref name="conditionParameters"/> made afresh for every statement).
    /// </summary>
    public IEnumerable<NpgsqlBatchCommand> InsertCommands(string condition, Func<NpgsqlParameter[]> conditionParameters)
    {
        var outboxId = NewId.NextGuid();
        var state = new NpgsqlBatchCommand($"INSERT INTO outbox_state (outbox_id, created) SELECT @outbox_id, @created WHERE {condition}");
        state.Parameters.AddWithValue("outbox_id", outboxId);
        state.Parameters.AddWithValue("created", DateTime.UtcNow);
        state.Parameters.AddRange(conditionParameters());
        yield return state;

        foreach (var m in _messages)
        {
            var insert = new NpgsqlBatchCommand($"""
                INSERT INTO outbox_messages (outbox_id, message_id, content_type, message_type, body, headers, properties,
                    conversation_id, correlation_id, initiator_id, request_id, source_address, destination_address,
                    response_address, fault_address, sent_time, enqueue_time, expiration_time)
                SELECT @outbox_id, @message_id, @content_type, @message_type, @body, @headers, @properties,
                    @conversation_id, @correlation_id, @initiator_id, @request_id, @source_address, @destination_address,
                    @response_address, @fault_address, @sent_time, @enqueue_time, @expiration_time
                WHERE {condition}
                """);
            var p = insert.Parameters;
            p.AddWithValue("outbox_id", outboxId);
            p.AddWithValue("message_id", m.MessageId);
            p.AddWithValue("content_type", m.ContentType);
            p.AddWithValue("message_type", m.MessageType);
            p.AddWithValue("body", m.Body);
            p.Add(Nullable("headers", m.Headers, NpgsqlDbType.Text));
            p.Add(Nullable("properties", m.Properties, NpgsqlDbType.Text));
            p.Add(Nullable("conversation_id", m.ConversationId, NpgsqlDbType.Uuid));
            p.Add(Nullable("correlation_id", m.CorrelationId, NpgsqlDbType.Uuid));
            p.Add(Nullable("initiator_id", m.InitiatorId, NpgsqlDbType.Uuid));
            p.Add(Nullable("request_id", m.RequestId, NpgsqlDbType.Uuid));
            p.Add(Nullable("source_address", m.SourceAddress?.ToString(), NpgsqlDbType.Text));
            p.Add(Nullable("destination_address", m.DestinationAddress?.ToString(), NpgsqlDbType.Text));
            p.Add(Nullable("response_address", m.ResponseAddress?.ToString(), NpgsqlDbType.Text));
            p.Add(Nullable("fault_address", m.FaultAddress?.ToString(), NpgsqlDbType.Text));
            p.AddWithValue("sent_time", m.SentTime);
            p.Add(Nullable("enqueue_time", m.EnqueueTime, NpgsqlDbType.TimestampTz));
            p.Add(Nullable("expiration_time", m.ExpirationTime, NpgsqlDbType.TimestampTz));
            p.AddRange(conditionParameters());
            yield return insert;
        }
    }

    static NpgsqlParameter Nullable(string name, object? value, NpgsqlDbType type) => new(name, type) { Value = value ?? DBNull.Value };
}
