using SmsSaga.Components.Dispatch;
using SmsSaga.Components.Platform.Persistence;
using SmsSaga.Gateway.Access;
using SmsSaga.Gateway.Http;

namespace SmsSaga.Gateway.Providers;

/// <summary>Delivery reports from providers. Key: <c>X-Provider-Key</c>.</summary>
public static class ProviderEndpoints
{
    static readonly Dictionary<string, bool> Outcomes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["DELIVRD"] = true, ["UNDELIV"] = false, ["EXPIRED"] = false, ["REJECTD"] = false, ["UNKNOWN"] = false,
    };

    public static void MapProviderEndpoints(this WebApplication app) =>
        app.MapProviderGroup().MapPost("/dlr", DeliveryReport).WithSummary("A delivery report; kept and matched to its message, never dropped")
            .Accepts<DeliveryReportRequest>("application/json").Produces<ReportStored>(StatusCodes.Status202Accepted).WithProblems(400, 401, 404, 413, 415);

    /// <summary>The routes of one provider, <c>/v1/providers/{name}</c>, behind its key (<see cref="ProviderKeyFilter"/>).</summary>
    public static RouteGroupBuilder MapProviderGroup(this WebApplication app) =>
        app.MapGroup("/v1/providers/{name}").AddEndpointFilter<ProviderKeyFilter>().WithTags("Providers");

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
}
