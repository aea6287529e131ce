using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmsSaga.Components.Intake;
using SmsSaga.Components.Messages;
using SmsSaga.Components.Platform.Persistence;
using SmsSaga.Gateway.Access;
using SmsSaga.Gateway.Http;

namespace SmsSaga.Gateway.Messages;

/// <summary><c>POST /v1/messages/batch</c>: up to 1,000 SMS, each answered and committed on its own.</summary>
public static class BatchEndpoint
{
    public static async Task<IResult> SendBatch(HttpContext http, MessageIntake intake, IdempotentExecution idempotent, IOptions<ApiOptions> options,
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
                        : new BatchItemResult(i, 422, null, SendEndpoint.KeyReusedProblem));
                    continue;
                }

                if (IsNew(i) && tokens-- <= 0)
                {
                    answers.Add(new BatchItemResult(i, StatusCodes.Status429TooManyRequests, null, ClientKeyFilter.ItemRateLimited(http, nextIn!.Value)));
                    limited = true;
                    continue;
                }

                var result = await intake.AcceptAsync(SendEndpoint.ToSendSms(client, items[i], itemKey), items[i].CallbackUrl, null, http.RequestAborted);
                var (status, body, itemProblem) = SendEndpoint.Answer(result);
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
}
