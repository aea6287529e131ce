using System.Diagnostics;
using System.Text;
using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmsSaga.Components.Messages;
using SmsSaga.Components.Platform;
using SmsSaga.Components.Platform.Persistence;
using SmsSaga.Contracts;
using SmsSaga.Contracts.Internal;

namespace SmsSaga.Components.Callbacks;

/// <summary>
/// Tells clients over HTTP when a message reaches Sent, Delivered, Failed or Canceled: a signed JSON POST to the message's
/// callback URL, or the client's default. The saga sends it the statuses of messages that notify (those that had a
/// callback URL, their own or the client's, when they were accepted), so a message without one costs this endpoint
/// nothing. It runs on its own endpoint (<c>status-callbacks</c>), so a slow receiver never holds up the saga. A non-2xx
/// answer or a time-out is retried with backoff through the scheduler, up to
/// <see cref="CallbackOptions.MaxAttempts"/>; every attempt is recorded in <c>callback_attempts</c>. The endpoint has no
/// transactional inbox (see <see cref="CallbacksRegistration"/>): no database transaction stays open while the receiver
/// takes its time, and a callback is delivered at least once.
/// </summary>
public sealed class StatusCallbackConsumer(
    SmsDbContext db,
    CallbackHttpClient http,
    IOptions<CallbackOptions> options,
    TimeProvider clock,
    ILogger<StatusCallbackConsumer> logger) :
    IConsumer<SmsSent>, IConsumer<SmsDelivered>, IConsumer<SmsFailed>, IConsumer<SmsCanceled>, IConsumer<DeliverStatusCallback>
{
    public const string QueueName = StatusNotifications.QueueName;

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new UtcInstantJsonConverter() } };

    public Task Consume(ConsumeContext<SmsSent> context) => First(context, context.Message.MessageId, context.Message.ClientId, SmsStates.Sent,
        context.Message.Timestamp, new { messageId = context.Message.MessageId, status = SmsStates.Sent, statusAt = context.Message.Timestamp,
            reference = context.Message.Reference, idempotencyKey = context.Message.IdempotencyKey, segments = context.Message.Segments,
            providerMessageId = context.Message.ProviderMessageId, timestamp = context.Message.Timestamp });

    public Task Consume(ConsumeContext<SmsDelivered> context) => First(context, context.Message.MessageId, context.Message.ClientId, SmsStates.Delivered,
        context.Message.Timestamp, new { messageId = context.Message.MessageId, status = SmsStates.Delivered, statusAt = context.Message.Timestamp,
            reference = context.Message.Reference, idempotencyKey = context.Message.IdempotencyKey, segments = context.Message.Segments,
            timestamp = context.Message.Timestamp });

    public Task Consume(ConsumeContext<SmsFailed> context) => First(context, context.Message.MessageId, context.Message.ClientId, SmsStates.Failed,
        context.Message.Timestamp, new { messageId = context.Message.MessageId, status = SmsStates.Failed, statusAt = context.Message.Timestamp,
            reference = context.Message.Reference, idempotencyKey = context.Message.IdempotencyKey, segments = context.Message.Segments,
            reasonCode = context.Message.ReasonCode, detail = context.Message.Detail, timestamp = context.Message.Timestamp });

    public Task Consume(ConsumeContext<SmsCanceled> context) => First(context, context.Message.MessageId, context.Message.ClientId, SmsStates.Canceled,
        context.Message.Timestamp, new { messageId = context.Message.MessageId, status = SmsStates.Canceled, statusAt = context.Message.Timestamp,
            reference = context.Message.Reference, idempotencyKey = context.Message.IdempotencyKey, timestamp = context.Message.Timestamp });

    public Task Consume(ConsumeContext<DeliverStatusCallback> context) => Attempt(context, context.Message);

    Task First(ConsumeContext context, Guid messageId, string clientId, string status, DateTimeOffset statusAt, object payload) =>
        Attempt(context, new DeliverStatusCallback(messageId, clientId, status, JsonSerializer.Serialize(payload, Json), 1, statusAt.ToUniversalTime()));

    /// <summary>The statuses a callback tells of; a later one supersedes an earlier one that has not got through yet.</summary>
    static readonly string[] CallbackStatuses = [SmsStates.Sent, SmsStates.Delivered, SmsStates.Failed, SmsStates.Canceled];

    /// <summary>The status the message reached after <paramref name="callback"/>'s, if it reached one; null otherwise.</summary>
    async Task<string?> SupersededBy(DeliverStatusCallback callback, CancellationToken cancellationToken) =>
        callback.StatusAt is not { } at
            ? null
            : await db.History.AsNoTracking()
                .Where(h => h.MessageId == callback.MessageId && h.At > at && h.To != callback.Status && CallbackStatuses.Contains(h.To))
                .OrderBy(h => h.Id).Select(h => h.To).FirstOrDefaultAsync(cancellationToken);

    async Task Attempt(ConsumeContext context, DeliverStatusCallback callback)
    {
        var target = await db.MessageCallbacks.AsNoTracking().Where(c => c.MessageId == callback.MessageId).Select(c => c.Url)
            .SingleOrDefaultAsync(context.CancellationToken);
        var client = await db.Clients.AsNoTracking().Where(c => c.Id == callback.ClientId)
            .Select(c => new { c.CallbackUrl, c.CallbackSecret }).SingleOrDefaultAsync(context.CancellationToken);
        var url = target ?? client?.CallbackUrl;
        if (url is null)
            return; // the client asked for no callbacks

        // A status a later one has overtaken is not sent: a receiver must never hear Sent after Delivered.
        var started = Stopwatch.GetTimestamp();
        var later = await SupersededBy(callback, context.CancellationToken);
        var (status, error) = later is not null
            ? (null, $"superseded by {later}")
            : await Post(url, callback.Body, client?.CallbackSecret, context.CancellationToken);
        db.CallbackAttempts.Add(new CallbackAttempt
        {
            MessageId = callback.MessageId,
            Status = callback.Status,
            Attempt = callback.Attempt,
            Url = url,
            ResponseStatus = status,
            Error = error,
            At = clock.GetUtcNow(),
            DurationMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds,
        });
        await db.SaveChangesAsync(context.CancellationToken);

        if (later is not null || status is >= 200 and < 300)
            return;
        var settings = options.Value;
        if (callback.Attempt >= settings.MaxAttempts)
        {
            logger.LogWarning("Status callback {Status} for message {MessageId} gave up after {Attempts} attempts",
                callback.Status, callback.MessageId, callback.Attempt);
            return;
        }

        var delay = RetryBackoff.Delay(callback.Attempt, settings.RetryBaseDelay, 2, settings.RetryMaxDelay, Random.Shared);
        await context.ScheduleSend(new Uri($"queue:{QueueName}"), clock.GetUtcNow().UtcDateTime + delay,
            callback with { Attempt = callback.Attempt + 1 });
    }

    async Task<(int? Status, string? Error)> Post(string url, string body, string? secret, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (!string.IsNullOrEmpty(secret))
            request.Headers.TryAddWithoutValidation(CallbackSignature.Header, CallbackSignature.Sign(secret, clock.GetUtcNow().ToUnixTimeSeconds(), body));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.Timeout);
        try
        {
            using var response = await http.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            return ((int)response.StatusCode, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, $"no answer within {options.Value.Timeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException ex)
        {
            return (null, ex.Message.Length > 512 ? ex.Message[..512] : ex.Message);
        }
    }
}
