using SmsSaga.Components.Clients;
using SmsSaga.Components.Inbound;
using SmsSaga.Components.Platform.Persistence;
using SmsSaga.Components.Text;
using SmsSaga.Gateway.Http;
using SmsSaga.Gateway.Providers;

namespace SmsSaga.Gateway.Inbound;

/// <summary>Inbound (mobile-originated) messages from providers: STOP, START and HELP. Key: <c>X-Provider-Key</c>.</summary>
public static class InboundEndpoints
{
    public static void MapInboundEndpoints(this WebApplication app) =>
        app.MapProviderGroup().MapPost("/inbound", Inbound)
            .WithSummary("An inbound message: STOP/START/HELP keywords act for the client that owns the number it was sent to")
            .Accepts<InboundMessageRequest>("application/json").Produces<InboundHandled>().WithProblems(400, 401, 404, 413, 415);

    static async Task<IResult> Inbound(string name, HttpContext http, SmsDbContext db, InboundMessages inbound)
    {
        var (message, _, problem) = await JsonBody.ReadAsync<InboundMessageRequest>(http.Request, http.RequestAborted);
        if (problem is not null)
            return problem;
        var errors = new Dictionary<string, string[]>();
        if (!RecipientNumbers.TryNormalize(message!.From, out var from))
            errors["from"] = ["the sender's number in international form"];
        if (!ClientNumbers.TryNormalize(message.To, out var to))
            errors["to"] = ["the number it was sent to: a long code in international form or a short code of 3 to 8 digits"];
        if (string.IsNullOrWhiteSpace(message.Id) || message.Id.Length > 128)
            errors["id"] = ["the provider's id of the inbound message, at most 128 characters"];
        if (message.Text is { Length: > 2000 })
            errors["text"] = ["at most 2000 characters"];
        if (errors.Count > 0)
            return Problems.Validation(errors);

        var (action, clientId) = await db.InTransactionAsync(async () =>
        {
            var outcome = await inbound.HandleAsync(name, message.Id!, from, to, message.Text, http.RequestAborted);
            await db.SaveChangesAsync(http.RequestAborted);
            return outcome;
        }, http.RequestAborted);
        return Results.Ok(new InboundHandled(action.ToString(), clientId));
    }
}
