using MassTransit;
using SmsSaga.Contracts.Internal;

namespace SmsSaga.Components.Credits;

/// <summary>Returns a failed message's hold to the client. A repeat finds the hold settled and does nothing.</summary>
public sealed class ReleaseCreditConsumer(CreditLedger ledger) : IConsumer<ReleaseCredit>
{
    public Task Consume(ConsumeContext<ReleaseCredit> context) =>
        ledger.ReleaseAsync(context.Message.HoldId, context.CancellationToken);
}
