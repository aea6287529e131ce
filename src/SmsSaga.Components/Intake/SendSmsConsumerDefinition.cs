namespace SmsSaga.Components.Intake;

/// <summary>The ingest endpoint <c>send-sms</c>, bound to the <c>SmsSaga.Contracts:SendSms</c> exchange.</summary>
public sealed class SendSmsConsumerDefinition() : PlainJsonConsumerDefinition<SendSmsConsumer>(QueueName)
{
    public const string QueueName = "send-sms";
}
