using MassTransit;
using SmsSaga.Contracts;
using SmsSaga.Contracts.Internal;

namespace SmsSaga.Components.Intake;

/// <summary>
/// A <see cref="ReplaySms"/> from the bus (envelope or plain JSON), checked and handed to the message saga. One without a
/// message id faults to <c>replay-sms_error</c> with the reason.
/// </summary>
public sealed class ReplaySmsConsumer : IConsumer<ReplaySms>
{
    public async Task Consume(ConsumeContext<ReplaySms> context)
    {
        if (context.Message.MessageId == Guid.Empty)
            throw new InvalidSmsRequestException(nameof(ReplaySms),
                new Dictionary<string, string[]> { ["messageId"] = ["required: the id of the failed message to try again"] });

        await context.Publish(new SmsReplayRequested(context.Message.MessageId));
    }
}
