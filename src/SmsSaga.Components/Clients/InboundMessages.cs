using Microsoft.EntityFrameworkCore;
using SmsSaga.Components.Intake;
using SmsSaga.Components.Platform.Persistence;
using SmsSaga.Contracts;

namespace SmsSaga.Components.Clients;

/// <summary>
/// Mobile-originated messages. STOP, STOPALL, UNSUBSCRIBE, CANCEL, END and QUIT opt the sender out of the client's
/// messages; START and UNSTOP opt them back in; HELP gets the client's help text as a reply (sent and charged like
/// any message). The client is the one that last sent a message to that number.
/// </summary>
public sealed class InboundMessages(SmsDbContext db, MessageIntake intake, TimeProvider clock)
{
    static readonly string[] StopWords = ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"];
    static readonly string[] StartWords = ["START", "UNSTOP"];

    public static string? Keyword(string? text)
    {
        var word = (text ?? "").Trim().ToUpperInvariant();
        return StopWords.Contains(word) || StartWords.Contains(word) || word == "HELP" ? word : null;
    }

    /// <summary>Handles one inbound message from <paramref name="from"/> (E.164). Runs in the caller's transaction.</summary>
    public async Task<(InboundAction Action, string? ClientId)> HandleAsync(string provider, string inboundId, string from, string? text,
        CancellationToken cancellationToken)
    {
        var clientId = await db.Messages.AsNoTracking().Where(m => m.To == from)
            .OrderByDescending(m => m.CreatedAt).Select(m => m.ClientId).FirstOrDefaultAsync(cancellationToken);
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
        var reply = await intake.AcceptAsync(new SendSms(clientId, $"help:{provider}:{inboundId}", from, help, Reference: "help"), null, null,
            cancellationToken);
        return (reply.Accepted ? InboundAction.HelpSent : InboundAction.None, clientId);
    }
}
