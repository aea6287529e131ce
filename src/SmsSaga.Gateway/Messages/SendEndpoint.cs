using Microsoft.AspNetCore.Mvc;
using SmsSaga.Components.Callbacks;
using SmsSaga.Components.Intake;
using SmsSaga.Contracts;
using SmsSaga.Gateway.Access;
using SmsSaga.Gateway.Http;

namespace SmsSaga.Gateway.Messages;

/// <summary><c>POST /v1/messages</c>: one SMS, under its <c>Idempotency-Key</c>; and the answer a send gets, shared with the batch's items.</summary>
public static class SendEndpoint
{
    public static async Task<IResult> Send(HttpContext http, MessageIntake intake, IdempotentExecution idempotent)
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

    internal static SendSms ToSendSms(string client, SendMessageRequest request, string? key) =>
        new(client, key ?? $"api-{Guid.NewGuid():N}", request.To!, request.Text!, request.From, request.Reference, request.SendAt,
            request.Category, request.TimeZone);

    /// <summary>An intake result as an HTTP status and body (or problem) — the same for one message and a batch item.</summary>
    internal static (int Status, MessageAccepted? Body, ProblemDetails? Problem) Answer(IntakeResult result)
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

    internal static readonly ProblemDetails KeyReusedProblem = Problem(422, MessageIntake.KeyReused, "This idempotency key names another message.",
        "A key names one message: its recipient, text, sender and reference. Use a new key for a new message.");

    /// <summary>A callback URL that points where callbacks may not go (<see cref="CallbackDestinations"/>).</summary>
    static readonly ProblemDetails CallbackNotAllowedProblem = Problem(400, CallbackDestinations.NotAllowed,
        "Callbacks may not go to this URL.",
        "A callback URL must be http or https on port 80 or 443 to a public address: not loopback, private, link-local or other internal ones.");

    static ProblemDetails Problem(int status, string code, string title, string detail) =>
        new() { Status = status, Title = title, Detail = detail, Type = $"/problems/{code}", Extensions = { ["code"] = code } };

    static IResult ProblemResult(int status, ProblemDetails problem) =>
        problem is HttpValidationProblemDetails validation
            ? Results.ValidationProblem(validation.Errors, title: validation.Title, type: validation.Type, extensions: validation.Extensions)
            : Results.Problem(problem.Detail, statusCode: status, title: problem.Title, type: problem.Type, extensions: problem.Extensions);
}
