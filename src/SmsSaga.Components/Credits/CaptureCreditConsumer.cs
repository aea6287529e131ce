using MassTransit;
using SmsSaga.Contracts.Internal;

namespace SmsSaga.Components.Credits;

/// <summary>
/// Charges delivered messages' holds, a batch of them in one statement (<see cref="CreditLedger.SettleAsync"/>). A repeat
/// finds the hold settled and does nothing, so the endpoint needs no inbox: a batch redelivered after a crash settles
/// only what is still open.
/// </summary>
public sealed class CaptureCreditConsumer(CreditLedger ledger) : IConsumer<Batch<CaptureCredit>>
{
    public const string QueueName = "capture-credit";

    public Task Consume(ConsumeContext<Batch<CaptureCredit>> context) =>
        ledger.SettleAsync(context.Message.Select(m => m.Message.HoldId).ToList(), HoldStatus.Captured, context.CancellationToken);
}
