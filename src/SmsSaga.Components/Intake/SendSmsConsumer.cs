using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmsSaga.Components.Messages;
using SmsSaga.Components.Platform;
using SmsSaga.Contracts;

namespace SmsSaga.Components.Intake;

/// <summary>
/// The bus's front door: validates a <see cref="SendSms"/> (MassTransit envelope or plain JSON) and hands
/// it to the message saga. An invalid request faults to the <c>send-sms_error</c> queue with the reason.
/// </summary>
public sealed class SendSmsConsumer(IOptions<SmsOptions> options, TimeProvider clock, ILogger<SendSmsConsumer> logger) : IConsumer<SendSms>
{
    public async Task Consume(ConsumeContext<SendSms> context)
    {
        var requested = SmsRequestValidator.Validate(context.Message, options.Value, clock.GetUtcNow(), out var errors);
        if (errors.Count > 0)
        {
            logger.LogWarning("Rejected SendSms {TransportMessageId} from client {ClientId}: invalid {Fields}",
                context.MessageId, context.Message.ClientId, string.Join(",", errors.Keys));
            SmsMetrics.RequestRejected();
            throw new InvalidSmsRequestException(nameof(SendSms), errors);
        }

        await context.Publish(requested);
    }
}
