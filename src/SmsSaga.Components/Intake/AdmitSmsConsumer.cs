using MassTransit;
using SmsSaga.Contracts.Internal;

namespace SmsSaga.Components.Intake;

/// <summary>A bus request whose turn under its client's rate has come (<see cref="BusLimit"/>): admitted as it was checked.</summary>
public sealed class AdmitSmsConsumer(SmsAdmission admission) : IConsumer<AdmitSms>
{
    public const string QueueName = "admit-sms";

    public Task Consume(ConsumeContext<AdmitSms> context) => admission.AdmitAsync(context, context.Message.Request);
}

public sealed class AdmitSmsConsumerDefinition : ConsumerDefinition<AdmitSmsConsumer>
{
    public AdmitSmsConsumerDefinition() => EndpointName = AdmitSmsConsumer.QueueName;
}
