using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmsSaga.Components.Callbacks;
using SmsSaga.Components.Clients;
using SmsSaga.Components.Intake;
using SmsSaga.Components.Messages;
using SmsSaga.Components.Platform.Outbox;
using SmsSaga.Components.Platform.Persistence;
using SmsSaga.Components.Support;
using SmsSaga.Components.Text;
using SmsSaga.Contracts;
using SmsSaga.Contracts.Internal;
using SmsSaga.Gateway.Api;

namespace SmsSaga.Gateway.Endpoints;

/// <summary>The client API: send (one or a batch), read, list and cancel messages, and the balance. Key: <c>X-API-Key</c>.</summary>
public static class MessagesEndpoints
{
    public static void MapMessagesEndpoints(this WebApplication app)
    {
        var v1 = app.MapGroup("/v1").AddEndpointFilter<ClientKeyFilter>().WithTags("Messages");
        v1.MapPost("/messages", Send).WithSummary("Send one SMS")
            .Accepts<SendMessageRequest>("application/json").Produces<MessageAccepted>(StatusCodes.Status202Accepted)
            .WithProblems(400, 401, 402, 409, 413, 415, 422, 429);
        v1.MapPost("/messages/batch", SendBatch).WithSummary("Send up to 1,000 SMS; each item is answered on its own")
            .Accepts<BatchRequest>("application/json").Produces<BatchAnswer>(StatusCodes.Status200OK).WithProblems(400, 401, 409, 413, 415, 422, 429);
        v1.MapGet("/messages/{id:guid}", Get).WithSummary("A message: state, attempts, credit and timeline")
            .Produces<MessageDetails>().WithProblems(401, 404, 429);
        v1.MapGet("/messages", List).WithSummary("Messages, newest first, filtered, by cursor").Produces<MessagePage>().WithProblems(400, 401, 429);
        v1.MapDelete("/messages/{id:guid}", Cancel).WithSummary("Cancel a message that is still Scheduled")
            .Produces<StatusChange>(StatusCodes.Status202Accepted).WithProblems(401, 404, 409, 429);
        v1.MapGet("/balance", Balance).WithSummary("The client's credit: available, held, captured").Produces<BalanceView>().WithProblems(401, 404, 429);
    }

    static async Task<IResult> Send(HttpContext http, MessageIntake intake, IdempotentExecution idempotent)
    {
        var client = ClientKeyFilter.ClientOf(http);
        var (request, raw, problem) = await JsonBody.ReadAsync<SendMessageRequest>(http.Request, http.RequestAborted);
        if (problem is not null)
            return problem;

        var key = http.Request.Headers[IdempotentExecution.Header].ToString();
        return await idempotent.RunAsync(http, client, "POST /v1/messages", raw, async claim =>
        {
            // A new message stores its idempotency record in the commit that accepts it.
            var result = await intake.AcceptAsync(ToSendSms(client, request!, key.Length > 0 ? key : null), request!.CallbackUrl,
                accepted => claim?.Record(StatusCodes.Status202Accepted, Answer(accepted).Body), http.RequestAborted);
            var (status, body, itemProblem) = Answer(result);
            if (status == StatusCodes.Status202Accepted)
                http.Response.Headers.Location = $"/v1/messages/{result.MessageId}";
            return new IdempotentExecution.Outcome(status, body, itemProblem is null ? null : ProblemResult(status, itemProblem),
                Recorded: claim is not null && result.Accepted && !result.Existing);
        });
    }

    static async Task<IResult> SendBatch(HttpContext http, MessageIntake intake, IdempotentExecution idempotent, IOptions<ApiOptions> options,
        SmsDbContext db)
    {
        var client = ClientKeyFilter.ClientOf(http);
        var (batch, raw, problem) = await JsonBody.ReadAsync<BatchRequest>(http.Request, http.RequestAborted);
        if (problem is not null)
            return problem;
        var items = batch!.Messages ?? [];
        if (items.Count == 0 || items.Count > options.Value.MaxBatchSize || items.Any(i => i is null))
            return Problems.Validation(new Dictionary<string, string[]> { ["messages"] = [$"1 to {options.Value.MaxBatchSize} message objects"] });
        var batchKey = http.Request.Headers[IdempotentExecution.Header].ToString();
        var keys = items.Select((item, i) => item.IdempotencyKey ?? (batchKey.Length > 0 ? $"{batchKey}#{i}" : null)).ToList();

        // One token a new item (the request's own paid for the first): an item its key finds accepted already costs nothing,
        // so a batch sent again takes up where it was turned away. The new items past the tokens there are get 429 each.
        var known = await KnownMessages(db, client, keys, http.RequestAborted);
        bool IsNew(int i) => string.IsNullOrEmpty(keys[i]) || !known.Contains(MessageIdentity.For(client, keys[i]!));
        var (extra, nextIn) = await ClientKeyFilter.TakeUpTo(http, Math.Max(0, Enumerable.Range(0, items.Count).Count(IsNew) - 1));
        var tokens = 1 + extra;

        // Each item commits on its own; the batch's record is stored once all are answered. A batch cut short (a crash) and
        // sent again with its key finds the items it had accepted by their keys (batch key and index) and does not repeat them.
        return await idempotent.RunAsync(http, client, "POST /v1/messages/batch", raw, async _ =>
        {
            var answers = new List<BatchItemResult>(items.Count);
            var limited = false;
            var keyed = new Dictionary<string, (SendMessageRequest Item, int Answer)>(); // an item's key: its first item and answer
            for (var i = 0; i < items.Count; i++)
            {
                var itemKey = keys[i];
                if (itemKey is not null && keyed.TryGetValue(itemKey, out var first))
                {
                    // The batch itself says whether this is the same message as the item before, without a read.
                    answers.Add(first.Item == items[i]
                        ? answers[first.Answer] with { Index = i }
                        : new BatchItemResult(i, 422, null, KeyReusedProblem));
                    continue;
                }

                if (IsNew(i) && tokens-- <= 0)
                {
                    answers.Add(new BatchItemResult(i, StatusCodes.Status429TooManyRequests, null, ClientKeyFilter.ItemRateLimited(http, nextIn!.Value)));
                    limited = true;
                    continue;
                }

                var result = await intake.AcceptAsync(ToSendSms(client, items[i], itemKey), items[i].CallbackUrl, null, http.RequestAborted);
                var (status, body, itemProblem) = Answer(result);
                answers.Add(new BatchItemResult(i, status, body, itemProblem));
                if (itemKey is not null)
                    keyed[itemKey] = (items[i], i);
            }

            var accepted = answers.Count(a => a.Status == StatusCodes.Status202Accepted);
            // A batch with items turned away for now is not stored under its key: the same batch sent again with it takes
            // them, and finds the items it accepted by their own keys.
            return new IdempotentExecution.Outcome(StatusCodes.Status200OK, new BatchAnswer(accepted, answers.Count - accepted, answers),
                Recorded: limited);
        });
    }

    /// <summary>The ids of the messages <paramref name="keys"/> name that exist already.</summary>
    static async Task<HashSet<Guid>> KnownMessages(SmsDbContext db, string client, List<string?> keys, CancellationToken cancellationToken)
    {
        var ids = keys.Where(k => !string.IsNullOrEmpty(k)).Select(k => MessageIdentity.For(client, k!)).Distinct().ToList();
        return ids.Count == 0
            ? []
            : (await db.Messages.Where(m => ids.Contains(m.CorrelationId)).Select(m => m.CorrelationId).ToListAsync(cancellationToken)).ToHashSet();
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

    static SendSms ToSendSms(string client, SendMessageRequest request, string? key) =>
        new(client, key ?? $"api-{Guid.NewGuid():N}", request.To!, request.Text!, request.From, request.Reference, request.SendAt,
            request.Category, request.TimeZone);

    /// <summary>An intake result as an HTTP status and body (or problem) — the same for one message and a batch item.</summary>
    static (int Status, MessageAccepted? Body, ProblemDetails? Problem) Answer(IntakeResult result)
    {
        if (result.Errors is not null)
            return (400, null, new HttpValidationProblemDetails(ApiFieldNames(result.Errors))
            {
                Status = 400, Title = "The request is not valid.", Type = "/problems/validation", Extensions = { ["code"] = "validation" },
            });
        if (result.RefusalReason is { } reason)
            return reason switch
            {
                FailureReasons.InsufficientCredit => (402, null, Problem(402, reason, "Not enough credit.", "Top up the account; nothing was charged.")),
                MessageIntake.KeyReused => (422, null, KeyReusedProblem),
                CallbackDestinations.NotAllowed => (400, null, CallbackNotAllowedProblem),
                _ => (422, null, Problem(422, reason, "The recipient opted out of your messages.", "They can opt in again by sending START.")),
            };
        return (202, new MessageAccepted(result.MessageId, result.Status, result.To!, result.Segments, result.Encoding!, result.Cost,
            result.Existing ? "existing" : "held"), null);
    }

    /// <summary>Errors keyed by the API's field names: the bus's <c>senderId</c> is <c>from</c> here.</summary>
    static Dictionary<string, string[]> ApiFieldNames(Dictionary<string, string[]> errors) =>
        errors.ToDictionary(e => e.Key == "senderId" ? "from" : e.Key, e => e.Value);

    static readonly ProblemDetails KeyReusedProblem = Problem(422, MessageIntake.KeyReused, "This idempotency key names another message.",
        "A key names one message: its recipient, text, sender and reference. Use a new key for a new message.");

    /// <summary>A callback URL that points where callbacks may not go (<see cref="CallbackDestinations"/>).</summary>
    public static readonly ProblemDetails CallbackNotAllowedProblem = Problem(400, CallbackDestinations.NotAllowed,
        "Callbacks may not go to this URL.",
        "A callback URL must be http or https on port 80 or 443 to a public address: not loopback, private, link-local or other internal ones.");

    static ProblemDetails Problem(int status, string code, string title, string detail) =>
        new() { Status = status, Title = title, Detail = detail, Type = $"/problems/{code}", Extensions = { ["code"] = code } };

    static IResult ProblemResult(int status, ProblemDetails problem) =>
        problem is HttpValidationProblemDetails validation
            ? Results.ValidationProblem(validation.Errors, title: validation.Title, type: validation.Type, extensions: validation.Extensions)
            : Results.Problem(problem.Detail, statusCode: status, title: problem.Title, type: problem.Type, extensions: problem.Extensions);
}
