using MassTransit;
using Microsoft.Extensions.Logging;
using SmsSaga.Components.Providers;
using SmsSaga.Contracts.Internal;

namespace SmsSaga.Components.Consumers;

/// <summary>
/// The dispatcher: hands one attempt to the provider and reports its answer to the saga. An attempt whose
/// answer is already recorded (a redelivery after a crash) is answered from the record, not resubmitted.
/// </summary>
public sealed class SubmitSmsConsumer(ISmsProvider provider, ProviderAttemptJournal journal, ILogger<SubmitSmsConsumer> logger)
    : IConsumer<SubmitSms>
{
    public async Task Consume(ConsumeContext<SubmitSms> context)
    {
        var m = context.Message;
        var recorded = await journal.RecordCallAsync(m, provider.Name, context.CancellationToken);

        SubmitResult result;
        if (recorded.Status == ProviderAttemptJournal.Submitting)
        {
            if (recorded.Calls > 1)
                logger.LogWarning("Message {MessageId} attempt {Attempt}: submitting again after an interrupted call (call {Calls})",
                    m.MessageId, m.Attempt, recorded.Calls);
            result = await provider.SubmitAsync(
                new ProviderSubmission(m.MessageId, m.AttemptId, m.To, m.Text, m.SenderId, m.Segments), context.CancellationToken);
            await journal.AnswerAsync(m.AttemptId, result, context.CancellationToken);
            SmsMetrics.Submission(result.Accepted ? "accepted" : result.Permanent ? "refused_permanent" : "refused_transient");
        }
        else
        {
            result = recorded.Status == ProviderAttemptJournal.Accepted
                ? SubmitResult.Accept(recorded.ProviderMessageId!)
                : SubmitResult.Refuse(recorded.Code!, recorded.Permanent, recorded.Detail);
            logger.LogInformation("Message {MessageId} attempt {Attempt} was already answered ({Status}); repeating the answer",
                m.MessageId, m.Attempt, recorded.Status);
        }

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
