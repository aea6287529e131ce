using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmsSaga.Components.Clients;
using SmsSaga.Components.Intake;
using SmsSaga.Components.Messages;
using SmsSaga.Components.Platform.Persistence;
using SmsSaga.Contracts;

namespace SmsSaga.Components.Inbound;

/// <summary>
/// Mobile-originated messages. STOP, STOPALL, UNSUBSCRIBE, CANCEL, END and QUIT opt the sender out of the client's
/// messages; START and UNSTOP opt them back in; HELP gets the client's help text as a reply (sent and charged like
/// any message), at most once per <see cref="InboundOptions.HelpReplyInterval"/> for a number. The client is the one that
/// owns the number the message was sent to (<see cref="ClientNumbers"/>); a message to a number nobody owns does nothing.
/// </summary>
public sealed class InboundMessages(SmsDbContext db, MessageIntake intake, ClientNumbers numbers, IOptions<InboundOptions> options,
    TimeProvider clock)
{
    static readonly string[] StopWords = ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"];
    static readonly string[] StartWords = ["START", "UNSTOP"];

    public static string? Keyword(string? text)
    {
        var word = (text ?? "").Trim().ToUpperInvariant();
        return StopWords.Contains(word) || StartWords.Contains(word) || word == "HELP" ? word : null;
    }

    /// <summary>
    /// Handles one inbound message from <paramref name="from"/> (E.164) to <paramref name="to"/> (a client's number, as
    /// <see cref="ClientNumbers.TryNormalize"/> gives it). Runs in the caller's transaction.
    /// </summary>
    public async Task<(InboundAction Action, string? ClientId)> HandleAsync(string provider, string inboundId, string from, string to, string? text,
        CancellationToken cancellationToken)
    {
        var clientId = await numbers.OwnerAsync(to, cancellationToken);
        if (clientId is null)
            return (InboundAction.Unrouted, null);

        var keyword = Keyword(text);
        if (keyword is null)
            return (InboundAction.None, clientId);

        if (StopWords.Contains(keyword))
        {
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO opt_outs (client_id, number, at, keyword) VALUES ({clientId}, {from}, {clock.GetUtcNow()}, {keyword})
                ON CONFLICT (client_id, number) DO NOTHING
                """, cancellationToken);
            return (InboundAction.OptedOut, clientId);
        }

        if (StartWords.Contains(keyword))
        {
            await db.OptOuts.Where(o => o.ClientId == clientId && o.Number == from).ExecuteDeleteAsync(cancellationToken);
            return (InboundAction.OptedIn, clientId);
        }

        var help = await db.Clients.AsNoTracking().Where(c => c.Id == clientId).Select(c => c.HelpText).SingleAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(help))
            return (InboundAction.None, clientId);
        var key = $"help:{provider}:{inboundId}";
        if (await RepliedLately(clientId, from, key, cancellationToken))
            return (InboundAction.HelpLimited, clientId);
        var reply = await intake.AcceptAsync(new SendSms(clientId, key, from, help, Reference: HelpReference), null, null, cancellationToken);
        return (reply.Accepted ? InboundAction.HelpSent : InboundAction.None, clientId);
    }

    const string HelpReference = "help";

    /// <summary>
    /// Whether the client answered another HELP from the number within the interval. Two at once from one number are
    /// decided one after the other: the check and the reply hold a lock on (client, number) until the caller commits.
    /// </summary>
    async Task<bool> RepliedLately(string clientId, string number, string key, CancellationToken cancellationToken)
    {
        var interval = options.Value.HelpReplyInterval;
        if (interval <= TimeSpan.Zero)
            return false;
        var since = clock.GetUtcNow() - interval;
        var lockName = $"help\n{clientId}\n{number}";
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({lockName}, 0))", cancellationToken);
        return await db.Messages.AsNoTracking().AnyAsync(m => m.ClientId == clientId && m.To == number && m.Reference == HelpReference
            && m.CreatedAt > since && m.IdempotencyKey != key, cancellationToken);
    }
}
