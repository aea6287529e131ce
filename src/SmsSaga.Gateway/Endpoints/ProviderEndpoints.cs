using SmsSaga.Components.Clients;
using SmsSaga.Components.Dispatch;
using SmsSaga.Components.Platform.Persistence;
using SmsSaga.Components.Text;
using SmsSaga.Gateway.Api;

namespace SmsSaga.Gateway.Endpoints;

/// <summary>What providers send back: delivery reports and inbound (mobile-originated) messages. Key: <c>X-Provider-Key</c>.</summary>
public static class ProviderEndpoints
{
    static readonly Dictionary<string, bool> Outcomes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["DELIVRD"] = true, ["UNDELIV"] = false, ["EXPIRED"] = false, ["REJECTD"] = false, ["UNKNOWN"] = false,
    };

    public static void MapProviderEndpoints(this WebApplication app)
    {
        var providers = app.MapGroup("/v1/providers/{name}").AddEndpointFilter<ProviderKeyFilter>().WithTags("Providers");
        providers.MapPost("/dlr", DeliveryReport).WithSummary("A delivery report; kept and matched to its message, never dropped")
            .Accepts<DeliveryReportRequest>("application/json").Produces<ReportStored>(StatusCodes.Status202Accepted).WithProblems(400, 401, 404, 413, 415);
        providers.MapPost("/inbound", Inbound).WithSummary("An inbound message: STOP/START/HELP keywords act for the client that owns the number it was sent to")
            .Accepts<InboundMessageRequest>("application/json").Produces<InboundHandled>().WithProblems(400, 401, 404, 413, 415);
    }

    static async Task<IResult> DeliveryReport(string name, HttpContext http, SmsDbContext db, ProviderReports reports)
    {
        var (report, _, problem) = await JsonBody.ReadAsync<DeliveryReportRequest>(http.Request, http.RequestAborted);
        if (problem is not null)
            return problem;
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(report!.MessageId) || report.MessageId.Length > 128)
            errors["messageId"] = ["the provider's message id, at most 128 characters"];
        if (report.Status is null || !Outcomes.ContainsKey(report.Status))
            errors["status"] = [$"one of {string.Join(", ", Outcomes.Keys)}"];
        if (report.Code is { Length: > 32 })
            errors["code"] = ["at most 32 characters"];
        if (errors.Count > 0)
            return Problems.Validation(errors);

        var stored = await db.InTransactionAsync(() => reports.ReceiveAsync(name, report.MessageId!, Outcomes[report.Status!],
            report.Code ?? report.Status!.ToUpperInvariant(), http.RequestAborted), http.RequestAborted);
        return Results.Accepted(value: new ReportStored(stored.Id, stored.MatchedAt is not null));
    }

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
