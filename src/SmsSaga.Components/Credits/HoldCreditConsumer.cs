using MassTransit;
using SmsSaga.Contracts.Internal;

namespace SmsSaga.Components.Credits;

/// <summary>Prices a message and reserves that much of the client's credit, or says why it cannot.</summary>
public sealed class HoldCreditConsumer(CreditLedger ledger) : IConsumer<HoldCredit>
{
    public async Task Consume(ConsumeContext<HoldCredit> context)
    {
        var request = context.Message;
        var outcome = await ledger.HoldAsync(request.HoldId, request.MessageId, request.ClientId, request.To, request.Segments,
            context.CancellationToken);

        if (outcome.Held)
            await context.Publish(new CreditHeld(request.MessageId, request.HoldId, outcome.Amount));
        else
            await context.Publish(new CreditHoldRejected(request.MessageId, request.HoldId, outcome.RejectionReason!));
    }
}
