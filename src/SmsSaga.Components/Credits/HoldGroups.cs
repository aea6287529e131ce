using Npgsql;

namespace SmsSaga.Components.Credits;

/// <summary>
/// Runs the credit holds of concurrent API requests in groups: one batch, one round trip and one commit for all the
/// holds that came in while the previous group was in the database. A client's holds all update the client's row, and
/// each commit keeps that row locked until its WAL is on disk, so holds one at a time cannot outrun the disk's flushes
/// (measured: about 500 a second for one client on this machine, with tens of backends queued on the row). In a group,
/// one flush covers them all.
/// <para>
/// Each hold is a list of statements: <see cref="CreditLedger.HoldCommand"/> first (the only one that returns a row),
/// then the writes that depend on it. The group is one implicit transaction, ordered by client so that two gateway
/// processes lock clients' rows in the same order; a hold sees the debits made before it in the group. If the group
/// fails (a hold id that exists, a dropped connection), each hold is run again on its own, so one request's failure
/// is that request's alone. Requests share one of 256 queues by the hash of their client id.
/// </para>
/// </summary>
public sealed class HoldGroups(NpgsqlDataSource database)
{
    const int Queues = 256;
    const int MaxGroup = 64;
    readonly Queue[] _queues = Enumerable.Range(0, Queues).Select(_ => new Queue()).ToArray();

    /// <summary>A hold waiting for its group: the client, its statements (made afresh for every try) and its outcome.</summary>
    sealed record Pending(string ClientId, Func<IEnumerable<NpgsqlBatchCommand>> Statements, TaskCompletionSource<CreditLedger.HoldRow> Done);

    sealed class Queue
    {
        public readonly List<Pending> Waiting = [];
        public bool Draining;
    }

    /// <summary>Runs one hold's statements in the next group; throws what the database threw for this hold.</summary>
    public Task<CreditLedger.HoldRow> RunAsync(string clientId, Func<IEnumerable<NpgsqlBatchCommand>> statements)
    {
        var queue = _queues[(int)((uint)StringComparer.Ordinal.GetHashCode(clientId) % Queues)];
        var pending = new Pending(clientId, statements, new TaskCompletionSource<CreditLedger.HoldRow>(TaskCreationOptions.RunContinuationsAsynchronously));
        bool start;
        lock (queue)
        {
            queue.Waiting.Add(pending);
            start = !queue.Draining;
            queue.Draining = true;
        }

        // The group runs apart from any one request, so a request that goes away does not take the others' holds with it.
        if (start)
            _ = Task.Run(() => Drain(queue));
        return pending.Done.Task;
    }

    async Task Drain(Queue queue)
    {
        while (true)
        {
            List<Pending> group;
            lock (queue)
            {
                if (queue.Waiting.Count == 0)
                {
                    queue.Draining = false;
                    return;
                }

                group = queue.Waiting.Take(MaxGroup).ToList();
                queue.Waiting.RemoveRange(0, group.Count);
            }

            group.Sort((a, b) => string.CompareOrdinal(a.ClientId, b.ClientId));
            try
            {
                var holds = await Run(group);
                for (var i = 0; i < group.Count; i++)
                    group[i].Done.SetResult(holds[i]);
            }
            catch (Exception) when (group.Count > 1)
            {
                foreach (var pending in group)
                    await RunAlone(pending);
            }
            catch (Exception e)
            {
                group[0].Done.SetException(e);
            }
        }
    }

    async Task RunAlone(Pending pending)
    {
        try
        {
            pending.Done.SetResult((await Run([pending]))[0]);
        }
        catch (Exception e)
        {
            pending.Done.SetException(e);
        }
    }

    async Task<List<CreditLedger.HoldRow>> Run(List<Pending> group)
    {
        await using var connection = await database.OpenConnectionAsync();
        return await CreditLedger.RunAsync(connection, null, group.SelectMany(p => p.Statements()), CancellationToken.None);
    }
}
