using MassTransit;

namespace SmsSaga.Components.Intake;

/// <summary>
/// An intake endpoint for one public command, bound to the command's exchange. It reads the MassTransit envelope and plain
/// JSON (<c>content_type: application/json</c>, camelCase fields), so a service without MassTransit can publish too. Plain
/// JSON names no message type, so such an endpoint consumes exactly one; the saga's own endpoint never reads plain JSON.
/// </summary>
public abstract class PlainJsonConsumerDefinition<TConsumer> : ConsumerDefinition<TConsumer> where TConsumer : class, IConsumer
{
    protected PlainJsonConsumerDefinition(string queueName) => EndpointName = queueName;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TConsumer> consumerConfigurator, IRegistrationContext context) =>
        endpointConfigurator.UseRawJsonDeserializer(RawSerializerOptions.AnyMessageType, isDefault: false);
}
