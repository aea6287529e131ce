using System.Diagnostics;
using System.Text;
using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmsSaga.Components.Clients;
using SmsSaga.Components.Messages;
using SmsSaga.Components.Platform.Json;
using SmsSaga.Components.Platform.Persistence;
using SmsSaga.Components.Platform.Telemetry;
using SmsSaga.Contracts;
using SmsSaga.Contracts.Internal;

namespace SmsSaga.Components.Callbacks;

/// <summary>
/// Tells clients over HTTP when a message reaches Sent, Delivered or Failed: a signed JSON POST to the message's
/// callback URL, or the client's default. The saga sends it the statuses of messages that notify (those that had a
/// callback URL, their own or the client's, when they were accepted), so a message without one costs this endpoint
/// nothing. It runs on its own endpoint (<c>status-callbacks</c>), so a slow receiver never holds up the saga. A non-2xx
/// answer or a time-out is retried with backoff through the scheduler, up to
/// <see cref="CallbackOptions.MaxAttempts"/>; every attempt is recorded in <c>callback_attempts</c>. The endpoint has no
/// transactional inbox (see <see cref="CallbacksRegistration"/>): no database transaction stays open while the receiver
/// takes its time, and a callback is delivered at least once. A client has at most
/// <see cref="CallbackOptions.MaxInFlightPerClient"/> callbacks in flight (<see cref="CallbackSlots"/>); one more is put off
/// through the scheduler, longer each time, so a slow receiver slows only its own client's callbacks.
/// </summary>
public sealed class StatusCallbackConsumer(
    SmsDbContext db,
    CallbackHttpClient http,
    CallbackSlots slots,
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

    /// <summary>
    /// A message canceled before it was sent fires no callback (nothing went out, and the canceler knows); the saga no longer
    /// sends this status here, but a gateway from before 2026-12-02 did, and its messages may still be queued.
    /// </summary>
    public Task Consume(ConsumeContext<SmsCanceled> context) => Task.CompletedTask;

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

        var slot = slots.TryTake(callback.ClientId);
        if (slot is null)
        {
            await PutOff(context, callback);
            return;
        }

        // A status a later one has overtaken is not sent: a receiver must never hear Sent after Delivered.
        var started = Stopwatch.GetTimestamp();
        string? later;
        int? status;
        string? error;
        try // the slot is the POST's: given back as soon as it has its answer, before the attempt is written
        {
            later = await SupersededBy(callback, context.CancellationToken);
            (status, error) = later is not null
                ? (null, $"superseded by {later}")
                : await Post(url, callback.Body, client?.CallbackSecret, context.CancellationToken);
        }
        finally
        {
            slot.Dispose();
        }
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

    /// <summary>
    /// Sends <paramref name="callback"/> back for later, unattempted: after about one time-out (the longest a slot stays
    /// taken), doubling with each deferral up to <see cref="CallbackOptions.RetryMaxDelay"/>, so a client with thousands
    /// waiting does not keep the scheduler busy.
    /// </summary>
    async Task PutOff(ConsumeContext context, DeliverStatusCallback callback)
    {
        var settings = options.Value;
        var delay = TimeSpan.FromTicks(Math.Min(settings.RetryMaxDelay.Ticks,
            settings.Timeout.Ticks * (1L << Math.Min(callback.Deferrals, 20)))) * (1 + Random.Shared.NextDouble());
        SmsMetrics.CallbackDeferred();
        logger.LogDebug("Status callback {Status} for message {MessageId} put off {Delay} (client {ClientId} at its limit)",
            callback.Status, callback.MessageId, delay, callback.ClientId);
        await context.ScheduleSend(new Uri($"queue:{QueueName}"), clock.GetUtcNow().UtcDateTime + delay,
            callback with { Deferrals = callback.Deferrals + 1 });
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
