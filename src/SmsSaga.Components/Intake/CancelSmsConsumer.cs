using MassTransit;
using SmsSaga.Contracts;
using SmsSaga.Contracts.Internal;

namespace SmsSaga.Components.Intake;

/// <summary>
/// A <see cref="CancelSms"/> from the bus (envelope or plain JSON), checked and handed to the message saga. One without a
/// message id or client id, or from a broker user that may not act for the client (<see cref="BusSenders"/>), faults to
/// <c>cancel-sms_error</c> with the reason.
/// </summary>
public sealed class CancelSmsConsumer(BusSenders senders) : IConsumer<CancelSms>
{
    public async Task Consume(ConsumeContext<CancelSms> context)
    {
        var errors = new Dictionary<string, string[]>();
        if (senders.Refusal(context, context.Message.ClientId) is { } refused)
            errors["clientId"] = [refused];
        if (context.Message.MessageId == Guid.Empty)
            errors["messageId"] = ["required: the id of the message to cancel"];
        else if (string.IsNullOrWhiteSpace(context.Message.ClientId))
            errors["clientId"] = ["required: the client whose message it is"];
        if (errors.Count > 0)
            throw new InvalidSmsRequestException(nameof(CancelSms), errors);

        await context.Publish(new SmsCancelRequested(context.Message.MessageId, context.Message.ClientId));
    }
}
