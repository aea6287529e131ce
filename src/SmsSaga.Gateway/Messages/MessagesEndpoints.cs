using Microsoft.EntityFrameworkCore;
using SmsSaga.Components.Clients;
using SmsSaga.Components.Messages;
using SmsSaga.Components.Platform.Outbox;
using SmsSaga.Components.Platform.Persistence;
using SmsSaga.Components.Support;
using SmsSaga.Components.Text;
using SmsSaga.Contracts.Internal;
using SmsSaga.Gateway.Access;
using SmsSaga.Gateway.Http;

namespace SmsSaga.Gateway.Messages;

/// <summary>The client API: send (one or a batch), read, list and cancel messages, and the balance. Key: <c>X-API-Key</c>.</summary>
public static class MessagesEndpoints
{
    public static void MapMessagesEndpoints(this WebApplication app)
    {
        var v1 = app.MapGroup("/v1").AddEndpointFilter<ClientKeyFilter>().WithTags("Messages");
        v1.MapPost("/messages", SendEndpoint.Send).WithSummary("Send one SMS")
            .Accepts<SendMessageRequest>("application/json").Produces<MessageAccepted>(StatusCodes.Status202Accepted)
            .WithProblems(400, 401, 402, 409, 413, 415, 422, 429);
        v1.MapPost("/messages/batch", BatchEndpoint.SendBatch).WithSummary("Send up to 1,000 SMS; each item is answered on its own")
            .Accepts<BatchRequest>("application/json").Produces<BatchAnswer>(StatusCodes.Status200OK).WithProblems(400, 401, 409, 413, 415, 422, 429);
        v1.MapGet("/messages/{id:guid}", Get).WithSummary("A message: state, attempts, credit and timeline")
            .Produces<MessageDetails>().WithProblems(401, 404, 429);
        v1.MapGet("/messages", List).WithSummary("Messages, newest first, filtered, by cursor").Produces<MessagePage>().WithProblems(400, 401, 429);
        v1.MapDelete("/messages/{id:guid}", Cancel).WithSummary("Cancel a message that is still Scheduled")
            .Produces<StatusChange>(StatusCodes.Status202Accepted).WithProblems(401, 404, 409, 429);
        v1.MapGet("/balance", Balance).WithSummary("The client's credit: available, held, captured").Produces<BalanceView>().WithProblems(401, 404, 429);
    }

    static async Task<IResult> Get(Guid id, HttpContext http, MessageLookup lookup) =>
        await lookup.FindAsync(id, ClientKeyFilter.ClientOf(http), http.RequestAborted) is { } message
            ? Results.Ok(message)
            : Problems.NotFound("message");

    static Task<IResult> List(HttpContext http, MessageLookup lookup, string? status, string? to, string? reference,
        DateTimeOffset? since, DateTimeOffset? until, int? limit, string? cursor) =>
        ListMessages(http, lookup, ClientKeyFilter.ClientOf(http), status, to, reference, since, until, limit, cursor);

    /// <summary>The listing, shared with support's search across clients (<paramref name="clientId"/> null).</summary>
    public static async Task<IResult> ListMessages(HttpContext http, MessageLookup lookup, string? clientId, string? status, string? to,
        string? reference, DateTimeOffset? since, DateTimeOffset? until, int? limit, string? cursor)
    {
        var errors = new Dictionary<string, string[]>();
        string? number = null;
        if (to is not null && !RecipientNumbers.TryNormalize(to, out number))
            errors["to"] = ["not a valid phone number in international form"];
        if (limit is < 1 or > 200)
            errors["limit"] = ["1 to 200"];
        if (!MessageLookup.IsValidCursor(cursor))
            errors["cursor"] = ["not a cursor this API gave out"];
        if (status is not null && !SmsStates.All.Contains(status))
            errors["status"] = [$"one of {string.Join(", ", SmsStates.All)}"];
        if (errors.Count > 0)
            return Problems.Validation(errors);

        var page = await lookup.ListAsync(new MessageFilter(clientId, status, number, reference, since?.ToUniversalTime(), until?.ToUniversalTime(), limit ?? 50, cursor), http.RequestAborted);
        return Results.Ok(page);
    }

    static async Task<IResult> Cancel(Guid id, HttpContext http, SmsDbContext db, BusOutbox outbox)
    {
        var client = ClientKeyFilter.ClientOf(http);
        var state = await db.Messages.Where(m => m.CorrelationId == id && m.ClientId == client).Select(m => m.CurrentState)
            .SingleOrDefaultAsync(http.RequestAborted);
        if (state is null)
            return Problems.NotFound("message");
        if (state == SmsStates.Canceled)
            return Results.Accepted($"/v1/messages/{id}", new StatusChange(id, state));
        if (state != SmsStates.Scheduled)
            return Problems.Of(StatusCodes.Status409Conflict, "not_cancelable", "Only a Scheduled message can be canceled.",
                $"The message is {state}.");

        await outbox.Publisher.Publish(new SmsCancelRequested(id, client), http.RequestAborted);
        await db.SaveChangesAsync(http.RequestAborted);
        return Results.Accepted($"/v1/messages/{id}", new StatusChange(id, "Canceling"));
    }

    static async Task<IResult> Balance(HttpContext http, ClientAdmin clients) =>
        await clients.FindAsync(ClientKeyFilter.ClientOf(http), http.RequestAborted) is { } account
            ? Results.Ok(new BalanceView(account.Available, account.Held, account.Captured, account.ToppedUp))
            : Problems.NotFound("client");
}
