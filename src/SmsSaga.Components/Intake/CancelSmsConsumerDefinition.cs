namespace SmsSaga.Components.Intake;

/// <summary>The endpoint <c>cancel-sms</c>, bound to the <c>SmsSaga.Contracts:CancelSms</c> exchange.</summary>
public sealed class CancelSmsConsumerDefinition() : PlainJsonConsumerDefinition<CancelSmsConsumer>(QueueName)
{
    public const string QueueName = "cancel-sms";
}
