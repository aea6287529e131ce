using MassTransit;

namespace SmsSaga.Components.Messages;

/// <summary>The message saga's endpoint: <c>sms-state</c>.</summary>
public sealed class SmsStateDefinition : SagaDefinition<SmsState>
{
    public SmsStateDefinition() => Endpoint(e => e.Name = "sms-state");
}
