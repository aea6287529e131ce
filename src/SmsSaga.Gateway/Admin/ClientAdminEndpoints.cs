using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using SmsSaga.Components.Callbacks;
using SmsSaga.Components.Clients;
using SmsSaga.Components.Credits;
using SmsSaga.Components.Intake;
using SmsSaga.Components.Platform.Persistence;
using SmsSaga.Gateway.Http;

namespace SmsSaga.Gateway.Admin;

/// <summary>Clients: creation (with credit), credit and settings, top-ups, callback secrets.</summary>
public static partial class ClientAdminEndpoints
{
    public static RouteGroupBuilder MapClientAdmin(this RouteGroupBuilder group)
    {
        group.MapPost("/clients", CreateClient).WithSummary("Create a client (optionally with credit); its callback secret is shown only here")
            .Accepts<NewClientRequest>("application/json").Produces<ClientView>(StatusCodes.Status201Created).WithProblems(400, 401, 409, 413, 415);
        group.MapGet("/clients/{id}", GetClient).WithSummary("A client's credit and settings").Produces<ClientView>().WithProblems(401, 404);
        group.MapPatch("/clients/{id}", UpdateClient).WithSummary("Set rate limit, callback URL and secret, help text")
            .Accepts<ClientSettingsRequest>("application/json").Produces<ClientView>().WithProblems(400, 401, 404, 413, 415);
        group.MapPost("/clients/{id}/callback-secret", RotateSecret)
            .WithSummary("Give the client a new callback secret; it is shown only in this answer and signs every callback from now on")
            .Produces<SecretRotated>().WithProblems(401, 404);
        group.MapPost("/clients/{id}/topups", TopUp).WithSummary("Add credit (recorded in the ledger), once per Idempotency-Key")
            .Accepts<TopUpRequest>("application/json").Produces<ClientView>().WithProblems(400, 401, 404, 409, 413, 415, 422);
        return group;
    }

    static async Task<IResult> CreateClient(HttpContext http, ClientAdmin clients)
    {
        var (request, _, problem) = await JsonBody.ReadAsync<NewClientRequest>(http.Request, http.RequestAborted);
        if (problem is not null)
            return problem;
        var errors = new Dictionary<string, string[]>();
        if (request!.Id is null || !ClientId().IsMatch(request.Id))
            errors["id"] = ["1 to 64 letters, digits, '-', '_' or '.'"];
        if (request.Credit is < 0 || (request.Credit > 0 && CreditAmount.TopUpProblem(request.Credit.Value) is not null))
            errors["credit"] = [request.Credit < 0 ? "zero or more" : CreditAmount.TopUpProblem(request.Credit!.Value)!];
        if (errors.Count > 0)
            return Problems.Validation(errors);
        if (await clients.EnsureAsync(request.Id!, request.Name ?? request.Id!, request.Credit ?? 0, http.RequestAborted) is not { } secret)
            return Problems.Of(StatusCodes.Status409Conflict, "client_exists", "A client with this id exists.");
        return Results.Created($"/v1/admin/clients/{request.Id}", ClientView.Of((await clients.FindAsync(request.Id!, http.RequestAborted))!, secret));
    }

    static async Task<IResult> GetClient(string id, HttpContext http, ClientAdmin clients) =>
        await clients.FindAsync(id, http.RequestAborted) is { } account ? Results.Ok(ClientView.Of(account)) : Problems.NotFound("client");

    static async Task<IResult> UpdateClient(string id, HttpContext http, SmsDbContext db, CallbackDestinations destinations)
    {
        var (request, raw, problem) = await JsonBody.ReadAsync<ClientSettingsRequest>(http.Request, http.RequestAborted);
        if (problem is not null)
            return problem;
        var account = await db.Clients.SingleOrDefaultAsync(c => c.Id == id, http.RequestAborted);
        if (account is null)
            return Problems.NotFound("client");

        var errors = new Dictionary<string, string[]>();
        if (request!.RatePerSecond is <= 0)
            errors["ratePerSecond"] = ["more than zero"];
        if (request.Burst is < 1)
            errors["burst"] = ["1 or more"];
        if (request.CallbackUrl is { Length: > 0 } url && !MessageIntake.IsCallbackUrl(url))
            errors["callbackUrl"] = ["an absolute http or https URL"];
        if (request.CallbackSecret is { Length: > 256 } or { Length: < 16 })
            errors["callbackSecret"] = ["16 to 256 characters (every callback is signed: POST .../callback-secret makes a new one)"];
        if (request.HelpText is { Length: > 640 })
            errors["helpText"] = ["at most 640 characters"];
        if (errors.Count > 0)
            return Problems.Validation(errors);
        if (request.CallbackUrl is { Length: > 0 } callbackUrl && await destinations.RefusalAsync(new Uri(callbackUrl), http.RequestAborted) is { } why)
            return Problems.Of(StatusCodes.Status400BadRequest, CallbackDestinations.NotAllowed, "Callbacks may not go to this URL.", why);

        // A field left out keeps its value; ratePerSecond or burst given as null goes back to the gateway's default (Api section).
        using var given = System.Text.Json.JsonDocument.Parse(raw);
        bool IsNull(string field) => given.RootElement.TryGetProperty(field, out var value) && value.ValueKind == System.Text.Json.JsonValueKind.Null;
        account.RatePerSecond = IsNull("ratePerSecond") ? null : request.RatePerSecond ?? account.RatePerSecond;
        account.Burst = IsNull("burst") ? null : request.Burst ?? account.Burst;
        account.CallbackUrl = Text(request.CallbackUrl, account.CallbackUrl);
        account.CallbackSecret = Text(request.CallbackSecret, account.CallbackSecret);
        account.HelpText = Text(request.HelpText, account.HelpText);
        await db.SaveChangesAsync(http.RequestAborted);
        return Results.Ok(ClientView.Of(account));
    }

    /// <summary>
    /// The scope of the admin API's idempotency keys in <c>idempotent_requests</c> (no client id has a '~'): one admin key
    /// for all clients, so a key used for one client's top-up and then another's is a different request (422).
    /// </summary>
    const string AdminScope = "~admin";

    /// <summary>A top-up, once per <c>Idempotency-Key</c>: the credit and the key's record commit together.</summary>
    static async Task<IResult> TopUp(string id, HttpContext http, ClientAdmin clients, IdempotentExecution idempotent)
    {
        var (request, raw, problem) = await JsonBody.ReadAsync<TopUpRequest>(http.Request, http.RequestAborted);
        if (problem is not null)
            return problem;
        if ((request!.Amount is { } amount ? CreditAmount.TopUpProblem(amount) : "required") is { } invalid)
            return Problems.Validation(new Dictionary<string, string[]> { ["amount"] = [invalid] });
        return await idempotent.RunAsync(http, AdminScope, "POST /v1/admin/clients/{id}/topups", [.. Encoding.UTF8.GetBytes(id + "\n"), .. raw],
            async claim =>
            {
                if (await clients.FindAsync(id, http.RequestAborted) is null)
                    return new IdempotentExecution.Outcome(StatusCodes.Status404NotFound, null, Problems.NotFound("client"));
                var account = await clients.TopUpAsync(id, request.Amount!.Value,
                    after => claim?.Record(StatusCodes.Status200OK, ClientView.Of(after)), http.RequestAborted);
                return new IdempotentExecution.Outcome(StatusCodes.Status200OK, ClientView.Of(account), Recorded: claim is not null);
            });
    }

    static async Task<IResult> RotateSecret(string id, HttpContext http, ClientAdmin clients) =>
        await clients.RotateSecretAsync(id, http.RequestAborted) is { } secret
            ? Results.Ok(new SecretRotated(id, secret))
            : Problems.NotFound("client");

    static string? Text(string? requested, string? current) => requested is null ? current : requested.Length == 0 ? null : requested;

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex ClientId();
}
