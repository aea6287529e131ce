namespace SmsSaga.Components.Intake;

/// <summary>The endpoint <c>replay-sms</c>, bound to the <c>SmsSaga.Contracts:ReplaySms</c> exchange.</summary>
public sealed class ReplaySmsConsumerDefinition() : PlainJsonConsumerDefinition<ReplaySmsConsumer>(QueueName)
{
    public const string QueueName = "replay-sms";
}
