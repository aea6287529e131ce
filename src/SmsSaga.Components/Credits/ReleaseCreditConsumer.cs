using MassTransit;
using SmsSaga.Contracts.Internal;

namespace SmsSaga.Components.Credits;

/// <summary>
/// Returns failed and canceled messages' holds to their clients, a batch of them in one statement
/// (<see cref="CreditLedger.SettleAsync"/>). A repeat finds the hold settled and does nothing, so the endpoint needs no
/// inbox.
/// </summary>
public sealed class ReleaseCreditConsumer(CreditLedger ledger) : IConsumer<Batch<ReleaseCredit>>
{
    public const string QueueName = "release-credit";

    public Task Consume(ConsumeContext<Batch<ReleaseCredit>> context) =>
        ledger.SettleAsync(context.Message.Select(m => m.Message.HoldId).ToList(), HoldStatus.Released, context.CancellationToken);
}
