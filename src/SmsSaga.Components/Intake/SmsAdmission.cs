using MassTransit;
using SmsSaga.Components.Credits;
using SmsSaga.Components.Messages;
using SmsSaga.Components.Platform.Persistence;
using SmsSaga.Contracts.Internal;

namespace SmsSaga.Components.Intake;

/// <summary>
/// The last step of a bus request, valid and within its client's rate: hold its credit under the message's id and hand it
/// to the message saga. The hold is one statement keyed by the message id, which derives from client and idempotency key,
/// so a redelivery finds it and hands the same request on again. A held request tells the saga how much is held, so it
/// starts sending at once; a refused one does not, and the saga asks for the hold itself and hears the recorded refusal,
/// so a refused message is a Failed saga like any other. Whether the message notifies over HTTP is its client's default
/// callback URL's say (a bus request names no URL of its own).
/// </summary>
public sealed class SmsAdmission(CreditLedger ledger, SmsDbContext db, SmsStateMachine machine)
{
    public async Task AdmitAsync(ConsumeContext context, SmsRequested requested)
    {
        requested = requested with { Notify = await MessageIntake.ClientHasCallbackUrl(db, requested.ClientId, context.CancellationToken) };
        // The first row is written with the hold, if it is made: a read or a cancel by id finds the message from that commit.
        var firstRow = machine.FirstRow(requested with { HeldAmount = ledger.Price(requested.Segments, requested.To) });
        var hold = await ledger.HoldAsync(requested.MessageId, requested.MessageId, requested.ClientId, requested.To, requested.Segments,
            context.CancellationToken, FirstRowStatements.For(db, firstRow));
        await context.Publish(hold.Held ? requested with { HeldAmount = hold.Amount } : requested);
    }
}
