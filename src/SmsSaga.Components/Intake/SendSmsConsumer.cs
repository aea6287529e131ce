using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmsSaga.Components.Credits;
using SmsSaga.Components.Messages;
using SmsSaga.Components.Platform;
using SmsSaga.Components.Platform.Persistence;
using SmsSaga.Contracts;

namespace SmsSaga.Components.Intake;

/// <summary>
/// The bus's front door: validates a <see cref="SendSms"/> (MassTransit envelope or plain JSON), holds its credit under
/// the message's id and hands it to the message saga. The hold is one statement keyed by the message id, which derives
/// from client and idempotency key, so a redelivery finds it and hands the same request on again; the publish is kept in
/// memory until the consumer has finished (the endpoint has no inbox, see <see cref="IntakeRegistration"/>). A held
/// request tells the saga how much is held, so it starts sending at once; a refused one does not, and the saga asks for
/// the hold itself and hears the recorded refusal, so a refused message is a Failed saga like any other. Whether the
/// message notifies over HTTP is its client's default callback URL's say (a bus request names no URL of its own). An
/// invalid request faults to the <c>send-sms_error</c> queue with the reason.
/// </summary>
public sealed class SendSmsConsumer(IOptions<SmsOptions> options, CreditLedger ledger, SmsDbContext db, SmsStateMachine machine,
    BusSenders senders, TimeProvider clock, ILogger<SendSmsConsumer> logger)
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

        requested = requested with { Notify = await MessageIntake.ClientHasCallbackUrl(db, requested.ClientId, context.CancellationToken) };
        // The first row is written with the hold, if it is made: a read or a cancel by id finds the message from that commit.
        var firstRow = machine.FirstRow(requested with { HeldAmount = ledger.Price(requested.Segments, requested.To) });
        var hold = await ledger.HoldAsync(requested.MessageId, requested.MessageId, requested.ClientId, requested.To, requested.Segments,
            context.CancellationToken, FirstRowStatements.For(db, firstRow));
        await context.Publish(hold.Held ? requested with { HeldAmount = hold.Amount } : requested);
    }
}
