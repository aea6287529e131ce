using MassTransit;
using Microsoft.Extensions.Logging;
using SmsSaga.Components.Providers;
using SmsSaga.Contracts.Internal;

namespace SmsSaga.Components.Consumers;

/// <summary>The dispatcher: hands one attempt to the provider and reports its answer to the saga.</summary>
public sealed class SubmitSmsConsumer(ISmsProvider provider, ILogger<SubmitSmsConsumer> logger) : IConsumer<SubmitSms>
{
    public async Task Consume(ConsumeContext<SubmitSms> context)
    {
        var m = context.Message;
        var result = await provider.SubmitAsync(
            new ProviderSubmission(m.MessageId, m.AttemptId, m.To, m.Text, m.SenderId, m.Segments), context.CancellationToken);

        SmsMetrics.Submission(result.Accepted ? "accepted" : result.Permanent ? "refused_permanent" : "refused_transient");
        if (result.Accepted)
        {
            logger.LogDebug("Message {MessageId} attempt {Attempt} accepted by {Provider} as {ProviderMessageId}",
                m.MessageId, m.Attempt, provider.Name, result.ProviderMessageId);
            await context.Publish(new SmsAccepted(m.MessageId, m.AttemptId, result.ProviderMessageId!));
        }
        else
        {
            logger.LogInformation("Message {MessageId} attempt {Attempt} refused by {Provider}: {Code} (permanent: {Permanent})",
                m.MessageId, m.Attempt, provider.Name, result.ErrorCode, result.Permanent);
            await context.Publish(new SmsSubmitFailed(m.MessageId, m.AttemptId, result.ErrorCode!, result.Permanent, result.Detail));
        }
    }
}
