using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using SmsSaga.Components.Clients;
using SmsSaga.Components.Platform.Persistence;
using SmsSaga.Components.Platform.Telemetry;
using SmsSaga.Contracts;
using SmsSaga.Contracts.Internal;

namespace SmsSaga.Components.Dispatch;

/// <summary>
/// The dispatcher: hands one attempt to the provider and reports its answer to the saga. An attempt whose
/// answer is already recorded (a redelivery after a crash) is answered from the record, not resubmitted. A recipient who
/// has opted out of the client's messages since the message was accepted (a STOP while it waited for its send time, its
/// window or a retry) is never sent to: the attempt is refused, permanently, with <c>opted_out</c>.
/// </summary>
public sealed class SubmitSmsConsumer(ISmsProvider provider, ProviderAttemptJournal journal, SmsDbContext db, ILogger<SubmitSmsConsumer> logger)
    : IConsumer<SubmitSms>
{
    public async Task Consume(ConsumeContext<SubmitSms> context)
    {
        var m = context.Message;
        var recorded = await journal.RecordCallAsync(m, provider.Name, context.CancellationToken);

        SubmitResult result;
        if (recorded.Status == ProviderAttemptJournal.Submitting && await OptedOut(m, context.CancellationToken))
        {
            result = SubmitResult.Refuse(FailureReasons.OptedOut, permanent: true, "the recipient opted out after the message was accepted");
            await journal.AnswerAsync(m.AttemptId, result, context.CancellationToken);
            SmsMetrics.Submission("opted_out");
        }
        else if (recorded.Status == ProviderAttemptJournal.Submitting)
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

    Task<bool> OptedOut(SubmitSms m, CancellationToken cancellationToken) =>
        m.ClientId is null
            ? Task.FromResult(false)
            : db.OptOuts.AnyAsync(o => o.ClientId == m.ClientId && o.Number == m.To, cancellationToken);
}
