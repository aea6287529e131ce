using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmsSaga.Components.Dispatch;
using SmsSaga.Components.Messages;
using SmsSaga.Components.Platform.Bus;
using SmsSaga.Components.Platform.Persistence;
using SmsSaga.Contracts;

namespace SmsSaga.Cli;

/// <summary>
/// <c>smssaga deadletters list [--client ID] [--limit N]</c>: permanently failed messages, newest first, with their
/// last error. <c>smssaga deadletters show --id MESSAGE_ID</c>: one of them with its timeline and provider attempts.
/// No phone numbers or texts are printed. <c>smssaga deadletters requeue --queue NAME_error [--limit N]</c>: the broker's
/// error queue NAME_error sent back to NAME, once what made its messages fault is fixed.
/// </summary>
static class DeadLettersCommand
{
    public static Task<int> RunAsync(string[] args)
    {
        var verb = args.Length > 1 ? args[1] : "";
        if (verb is not ("list" or "show" or "replay" or "requeue"))
        {
            Console.Error.WriteLine("usage: smssaga deadletters list [--client ID] [--limit N] | show --id MESSAGE_ID | " +
                                    "replay (--id MESSAGE_ID ... | --client ID [--reason CODE] [--limit N]) | requeue --queue NAME_error [--limit N]");
            return Task.FromResult(2);
        }

        if (verb == "requeue")
            return Requeue(args);

        return CliHost.WithServices(async services =>
        {
            var db = services.GetRequiredService<SmsDbContext>();
            return verb switch
            {
                "list" => await List(db, args),
                "show" => await Show(db, args),
                _ => await Replay(db, args),
            };
        });
    }

    static async Task<int> List(SmsDbContext db, string[] args)
    {
        var client = CliHost.Option(args, "--client");
        var limit = int.Parse(CliHost.Option(args, "--limit") ?? "50", CultureInfo.InvariantCulture);
        var failed = await db.Messages.AsNoTracking()
            .Where(m => m.CurrentState == SmsStates.Failed && (client == null || m.ClientId == client))
            .OrderByDescending(m => m.UpdatedAt).Take(limit)
            .Select(m => new { m.CorrelationId, m.ClientId, m.Reason, m.Detail, m.Attempts, m.UpdatedAt })
            .ToListAsync();
        Console.WriteLine("message id                             client           attempts  failed at (UTC)       reason: detail");
        foreach (var m in failed)
            Console.WriteLine(FormattableString.Invariant(
                $"{m.CorrelationId}  {m.ClientId,-16} {m.Attempts,8}  {m.UpdatedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}   {m.Reason}: {m.Detail}"));
        return 0;
    }

    static async Task<int> Replay(SmsDbContext db, string[] args)
    {
        var ids = args.Select((a, i) => a == "--id" && i + 1 < args.Length ? args[i + 1] : null)
            .Where(a => a is not null).Select(a => Guid.Parse(a!)).ToList();
        var client = CliHost.Option(args, "--client");
        if (ids.Count == 0 && client is null)
        {
            Console.Error.WriteLine("replay needs --id MESSAGE_ID (repeatable) or --client ID");
            return 2;
        }

        if (ids.Count == 0)
        {
            var reason = CliHost.Option(args, "--reason");
            var limit = int.Parse(CliHost.Option(args, "--limit") ?? "100", CultureInfo.InvariantCulture);
            ids = await db.Messages.AsNoTracking()
                .Where(m => m.CurrentState == SmsStates.Failed && m.ClientId == client && (reason == null || m.Reason == reason))
                .OrderBy(m => m.UpdatedAt).Take(limit).Select(m => m.CorrelationId).ToListAsync();
        }

        await CliBus.Publish(ids.Select(id => new ReplaySms(id)));
        Console.WriteLine($"Asked for {ids.Count} replay(s); each takes a fresh credit hold. Follow them with: smssaga deadletters show --id ID");
        return 0;
    }

    static async Task<int> Requeue(string[] args)
    {
        var queue = CliHost.Option(args, "--queue");
        if (queue is null || !queue.EndsWith(ErrorQueueRequeue.Suffix, StringComparison.Ordinal))
        {
            Console.Error.WriteLine("requeue needs --queue NAME_error, e.g. --queue sms-state_error");
            return 2;
        }

        var limit = int.Parse(CliHost.Option(args, "--limit") ?? "100000", CultureInfo.InvariantCulture);
        var moved = await ErrorQueueRequeue.RunAsync(CliBus.Broker(), queue, limit, CancellationToken.None);
        Console.WriteLine($"Moved {moved} message(s) from {queue} back to {queue[..^ErrorQueueRequeue.Suffix.Length]}.");
        return 0;
    }

    static async Task<int> Show(SmsDbContext db, string[] args)
    {
        if (!Guid.TryParse(CliHost.Option(args, "--id"), out var id))
        {
            Console.Error.WriteLine("--id MESSAGE_ID is required");
            return 2;
        }

        var message = await db.Messages.AsNoTracking().SingleOrDefaultAsync(m => m.CorrelationId == id);
        if (message is null)
        {
            Console.Error.WriteLine($"There is no message {id}.");
            return 1;
        }

        Console.WriteLine(FormattableString.Invariant(
            $"{message.CorrelationId} client {message.ClientId} key {message.IdempotencyKey}: {message.CurrentState} ({message.Reason}: {message.Detail}), {message.Segments} segment(s), cost {message.Cost}"));
        Console.WriteLine("timeline:");
        foreach (var t in await db.History.AsNoTracking().Where(h => h.MessageId == id).OrderBy(h => h.Id).ToListAsync())
            Console.WriteLine(FormattableString.Invariant($"  {t.At.UtcDateTime:yyyy-MM-dd HH:mm:ss.fff}  {t.From ?? "-",-9} -> {t.To,-9} attempt {t.Attempt}  {t.Reason} {t.Detail}"));
        Console.WriteLine("provider attempts:");
        foreach (var a in await db.ProviderAttempts.AsNoTracking().Where(a => a.MessageId == id).OrderBy(a => a.Attempt).ToListAsync())
            Console.WriteLine(FormattableString.Invariant($"  #{a.Attempt} {a.AttemptId} {a.Provider}: {a.Status} {a.Code} {a.ProviderMessageId} calls {a.Calls} at {a.CreatedAt.UtcDateTime:HH:mm:ss.fff}"));
        return 0;
    }
}
