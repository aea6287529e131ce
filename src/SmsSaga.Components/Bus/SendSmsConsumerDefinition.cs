using MassTransit;
using SmsSaga.Components.Consumers;

namespace SmsSaga.Components.Bus;

/// <summary>
/// The ingest endpoint <c>send-sms</c>, bound to the <c>SmsSaga.Contracts:SendSms</c> exchange. It reads
/// the MassTransit envelope and plain JSON (<c>content_type: application/json</c>, camelCase fields), so a
/// service without MassTransit can publish too.
/// </summary>
public sealed class SendSmsConsumerDefinition : ConsumerDefinition<SendSmsConsumer>
{
    public const string QueueName = "send-sms";

    public SendSmsConsumerDefinition() => EndpointName = QueueName;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<SendSmsConsumer> consumerConfigurator, IRegistrationContext context) =>
        endpointConfigurator.UseRawJsonDeserializer(RawSerializerOptions.AnyMessageType, isDefault: false);
}
