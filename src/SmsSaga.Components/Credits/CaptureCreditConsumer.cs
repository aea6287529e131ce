using MassTransit;
using SmsSaga.Contracts.Internal;

namespace SmsSaga.Components.Credits;

/// <summary>Charges a delivered message's hold. A repeat finds the hold settled and does nothing.</summary>
public sealed class CaptureCreditConsumer(CreditLedger ledger) : IConsumer<CaptureCredit>
{
    public Task Consume(ConsumeContext<CaptureCredit> context) =>
        ledger.CaptureAsync(context.Message.HoldId, context.CancellationToken);
}
