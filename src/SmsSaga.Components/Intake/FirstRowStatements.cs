using Npgsql;
using SmsSaga.Components.Credits;
using SmsSaga.Components.Messages;
using SmsSaga.Components.Platform.Persistence;

namespace SmsSaga.Components.Intake;

/// <summary>
/// The statements that write a message's first row (<see cref="SmsStateMachine.FirstRow"/>) and its first timeline entry,
/// each only if the message's credit hold was made: both intakes run them in the batch of that hold, so a message is
/// readable, listable and cancelable from the commit that accepts it.
/// <para>
/// This is safe with the saga because the row is exactly what the saga would have inserted on its <c>SmsRequested</c>,
/// and that request is sent only after this commit (the HTTP path's outbox row is in the same commit, the bus path
/// publishes once its consumer has finished): the saga always finds the row, loads it and takes it over under the row
/// version like any other change (see the state machine's first-row handlers). Nothing else ever writes the row.
/// </para>
/// </summary>
public static class FirstRowStatements
{
    public static IEnumerable<NpgsqlBatchCommand> For(SmsDbContext db, SmsState row)
    {
        yield return EntityInsert.Command(db, row, CreditLedger.WhenHeld, CreditLedger.WhenHeldParameters(row.HoldId));
        foreach (var entry in row.History)
            yield return EntityInsert.Command(db, entry, CreditLedger.WhenHeld, CreditLedger.WhenHeldParameters(row.HoldId));
    }
}
