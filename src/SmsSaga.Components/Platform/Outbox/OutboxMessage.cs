using MassTransit;
using MassTransit.Middleware;
using MassTransit.Context;
using MassTransit.Metadata;
using MassTransit.Serialization;

namespace SmsSaga.Components.Platform.Outbox;

/// <summary>
/// A message written in the same transaction as the state change that produced it, in
/// <c>outbox_messages</c>, and sent to the broker once that transaction has committed. It belongs either to
/// a consumed message (<see cref="InboxMessageId"/>, <see cref="InboxConsumerId"/>) or to a bus outbox
/// (<see cref="OutboxId"/>); <see cref="SequenceNumber"/> keeps the order within either.
/// </summary>
public class OutboxMessage : OutboxMessageContext
{
    Headers? _headers;
    IReadOnlyDictionary<string, object>? _properties;

    public long SequenceNumber { get; set; }
    public Guid? InboxMessageId { get; set; }
    public Guid? InboxConsumerId { get; set; }
    public Guid? OutboxId { get; set; }

    public Guid MessageId { get; set; }
    public string ContentType { get; set; } = null!;
    public string MessageType { get; set; } = null!;
    public string Body { get; set; } = null!;
    public string? Headers { get; set; }
    public string? Properties { get; set; }

    public Guid? ConversationId { get; set; }
    public Guid? CorrelationId { get; set; }
    public Guid? InitiatorId { get; set; }
    public Guid? RequestId { get; set; }
    public Uri? SourceAddress { get; set; }
    public Uri? DestinationAddress { get; set; }
    public Uri? ResponseAddress { get; set; }
    public Uri? FaultAddress { get; set; }
    public DateTime SentTime { get; set; }
    public DateTime? EnqueueTime { get; set; }
    public DateTime? ExpirationTime { get; set; }

    Guid? MessageContext.MessageId => MessageId;
    DateTime? MessageContext.SentTime => SentTime;
    Headers MessageContext.Headers => _headers ?? EmptyHeaders.Instance;
    HostInfo MessageContext.Host => HostMetadataCache.Host;
    IReadOnlyDictionary<string, object> OutboxMessageContext.Properties => _properties ?? NoProperties;

    static readonly IReadOnlyDictionary<string, object> NoProperties = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Restores headers and transport properties before the message is sent.</summary>
    public void Deserialize(IObjectDeserializer deserializer)
    {
        var headers = deserializer.DeserializeDictionary<object?>(Headers);
        _headers = headers is null ? EmptyHeaders.Instance : new DictionarySendHeaders(headers);
        _properties = deserializer.DeserializeDictionary<object>(Properties) ?? NoProperties;
    }

    /// <summary>Captures a message being sent or published, as MassTransit serialized it.</summary>
    public static OutboxMessage From<T>(SendContext<T> context, IObjectDeserializer serializer, DateTime now) where T : class
    {
        var message = new OutboxMessage
        {
            MessageId = context.MessageId ?? throw new MessageException(typeof(T), "The SendContext MessageId must be present"),
            ConversationId = context.ConversationId,
            CorrelationId = context.CorrelationId,
            InitiatorId = context.InitiatorId,
            RequestId = context.RequestId,
            SourceAddress = context.SourceAddress,
            DestinationAddress = context.DestinationAddress,
            ResponseAddress = context.ResponseAddress,
            FaultAddress = context.FaultAddress,
            SentTime = context.SentTime ?? now,
            ContentType = context.ContentType?.ToString() ?? context.Serialization.DefaultContentType.ToString(),
            MessageType = string.Join(";", context.SupportedMessageTypes),
            Body = context.Serializer.GetMessageBody(context).GetString(),
            Headers = serializer.SerializeDictionary(context.Headers.GetAll()),
        };
        if (context.TimeToLive.HasValue)
            message.ExpirationTime = now + context.TimeToLive;
        if (context.Delay.HasValue)
            message.EnqueueTime = now + context.Delay;
        if (context is TransportSendContext<T> transport)
        {
            var properties = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);
            transport.WritePropertiesTo(properties);
            message.Properties = serializer.SerializeDictionary(properties);
        }

        return message;
    }
}
