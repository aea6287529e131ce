using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmsSaga.Components.Messages;
using SmsSaga.Components.Platform.Telemetry;
using SmsSaga.Contracts;

namespace SmsSaga.Components.Intake;

/// <summary>
/// The bus's front door: checks that the publisher may send for the client (<see cref="BusSenders"/>), validates a
/// <see cref="SendSms"/> (MassTransit envelope or plain JSON), and admits it (<see cref="SmsAdmission"/>) now, or at its
/// turn when its client is over its bus rate (<see cref="BusLimit"/>). The publish is kept in memory until the consumer
/// has finished (the endpoint has no inbox, see <see cref="IntakeRegistration"/>). An invalid request faults to the
/// <c>send-sms_error</c> queue with the reason.
/// </summary>
public sealed class SendSmsConsumer(IOptions<SmsOptions> options, SmsAdmission admission, BusLimit limit, BusSenders senders,
    TimeProvider clock, ILogger<SendSmsConsumer> logger)
    : IConsumer<SendSms>
{
    public async Task Consume(ConsumeContext<SendSms> context)
    {
        if (senders.Refusal(context, context.Message.ClientId) is { } refused)
        {
            logger.LogWarning("Refused SendSms {TransportMessageId} for client {ClientId}: {Reason}", context.MessageId, context.Message.ClientId, refused);
            throw new InvalidSmsRequestException(nameof(SendSms), new Dictionary<string, string[]> { ["clientId"] = [refused] });
        }

        var requested = SmsRequestValidator.Validate(context.Message, options.Value, clock.GetUtcNow(), out var errors);
        if (errors.Count > 0)
        {
            logger.LogWarning("Rejected SendSms {TransportMessageId} from client {ClientId}: invalid {Fields}",
                context.MessageId, context.Message.ClientId, string.Join(",", errors.Keys));
            SmsMetrics.RequestRejected();
            throw new InvalidSmsRequestException(nameof(SendSms), errors);
        }

        if (await limit.AdmitNowAsync(context, requested))
            await admission.AdmitAsync(context, requested);
    }
}
