using SmsSaga.Components.Clients;
using SmsSaga.Gateway.Http;

namespace SmsSaga.Gateway.Admin;

/// <summary>The numbers each client owns: inbound messages to them act for it.</summary>
public static class ClientNumberEndpoints
{
    public static RouteGroupBuilder MapClientNumbers(this RouteGroupBuilder group)
    {
        group.MapGet("/clients/{id}/numbers", ListNumbers).WithSummary("The numbers the client owns: inbound messages to them act for it")
            .Produces<ClientNumbersView>().WithProblems(401, 404);
        group.MapPut("/clients/{id}/numbers/{number}", AssignNumber)
            .WithSummary("Give the client a number (a long code in international form or a short code); STOP/START/HELP sent to it act for this client")
            .Produces<ClientNumbersView>().WithProblems(400, 401, 404, 409);
        group.MapDelete("/clients/{id}/numbers/{number}", ReleaseNumber).WithSummary("Take a number from the client")
            .Produces(StatusCodes.Status204NoContent).WithProblems(401, 404);
        return group;
    }

    static async Task<IResult> ListNumbers(string id, HttpContext http, ClientAdmin clients, ClientNumbers numbers) =>
        await clients.FindAsync(id, http.RequestAborted) is null
            ? Problems.NotFound("client")
            : Results.Ok(new ClientNumbersView(id, await numbers.ListAsync(id, http.RequestAborted)));

    static async Task<IResult> AssignNumber(string id, string number, HttpContext http, ClientNumbers numbers)
    {
        if (!ClientNumbers.TryNormalize(number, out var normalized))
            return Problems.Validation(new Dictionary<string, string[]>
            {
                ["number"] = ["a long code in international form (+447700900123) or a short code of 3 to 8 digits"],
            });
        return await numbers.AssignAsync(id, normalized, http.RequestAborted) switch
        {
            ClientNumbers.Assignment.NoSuchClient => Problems.NotFound("client"),
            ClientNumbers.Assignment.TakenByAnother => Problems.Of(StatusCodes.Status409Conflict, "number_taken",
                "Another client owns this number.", "Take it from that client first (DELETE .../numbers/{number})."),
            _ => Results.Ok(new ClientNumbersView(id, await numbers.ListAsync(id, http.RequestAborted))),
        };
    }

    static async Task<IResult> ReleaseNumber(string id, string number, HttpContext http, ClientNumbers numbers) =>
        ClientNumbers.TryNormalize(number, out var normalized) && await numbers.ReleaseAsync(id, normalized, http.RequestAborted)
            ? Results.NoContent()
            : Problems.NotFound("number");
}
