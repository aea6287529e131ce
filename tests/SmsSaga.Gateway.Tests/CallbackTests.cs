using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SmsSaga.Components.Callbacks;
using SmsSaga.Components.Messages;

namespace SmsSaga.Gateway.Tests;

[Collection(ApiCollection.Name)]
public sealed class CallbackTests(ApiFactory api)
{
    /// <summary>
    /// A receiver on loopback that records what it is sent, answering 500 to the first <c>failFirst</c> POSTs
    /// and to every body <c>refuse</c> picks; <c>beforeAnswer</c> runs while the sender waits. It
    /// answers POSTs concurrently and counts the most it had open at once.
    /// </summary>
    sealed class Receiver : IDisposable
    {
        readonly HttpListener _listener = new();
        readonly Func<Task>? _beforeAnswer;
        readonly Func<string, bool> _refuse;
        int _failures;

        public Receiver(int failFirst, Func<Task>? beforeAnswer = null, Func<string, bool>? refuse = null)
        {
            _failures = failFirst;
            _beforeAnswer = beforeAnswer;
            _refuse = refuse ?? (_ => false);
            var port = FreePort();
            Url = $"http://127.0.0.1:{port}/hook/";
            _listener.Prefixes.Add(Url);
            _listener.Start();
            _ = Task.Run(Loop);
        }

        public string Url { get; }
        public ConcurrentQueue<(string Body, string? Signature)> Received { get; } = new();
        public int MostAtOnce => Volatile.Read(ref _mostAtOnce);
        int _open, _mostAtOnce;

        async Task Loop()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try { context = await _listener.GetContextAsync(); }
                catch (Exception) { return; }
                _ = Task.Run(() => Answer(context));
            }
        }

        async Task Answer(HttpListenerContext context)
        {
            var open = Interlocked.Increment(ref _open);
            for (var most = _mostAtOnce; open > most; most = _mostAtOnce)
                Interlocked.CompareExchange(ref _mostAtOnce, open, most);
            try
            {
                using var reader = new StreamReader(context.Request.InputStream);
                var body = await reader.ReadToEndAsync();
                if (_beforeAnswer is not null)
                    await _beforeAnswer();
                if (_refuse(body) || Interlocked.Decrement(ref _failures) >= 0)
                    context.Response.StatusCode = 500;
                else
                    Received.Enqueue((body, context.Request.Headers[CallbackSignature.Header]));
                context.Response.Close();
            }
            catch (Exception) { } // the sender gave up (its time-out) or the listener closed
            finally
            {
                Interlocked.Decrement(ref _open);
            }
        }

        static int FreePort()
        {
            using var socket = new TcpListener(IPAddress.Loopback, 0);
            socket.Start();
            return ((IPEndPoint)socket.LocalEndpoint).Port;
        }

        public void Dispose() => _listener.Close();
    }

    [Fact]
    public async Task A_callback_is_posted_with_no_database_transaction_left_open()
    {
        // Counted while the gateway waits for the receiver: sessions inside a transaction whose last statement read the
        // client's callback settings (the callback consumer's last read before it posts).
        var openDuringPost = new ConcurrentQueue<long>();
        using var receiver = new Receiver(failFirst: 0, beforeAnswer: async () =>
        {
            await using var connection = new Npgsql.NpgsqlConnection(ApiFactory.ConnectionString);
            await connection.OpenAsync();
            await using var count = new Npgsql.NpgsqlCommand(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() " +
                "AND state LIKE 'idle in transaction%' AND query ILIKE '%callback_secret%'", connection);
            openDuringPost.Enqueue((long)(await count.ExecuteScalarAsync())!);
        });
        var (_, http, _) = await api.NewClient("hooks-open");

        (await http.PostAsJsonAsync("/v1/messages", new { to = "+447911123496", text = "Tell me", callbackUrl = receiver.Url }))
            .EnsureSuccessStatusCode();

        // Delivered, the last: Sent may not be posted at all, when Delivered is recorded before its turn (superseded).
        Assert.True(await Eventually.Until(() => Task.FromResult(receiver.Received.Any(r => r.Body.Contains("\"status\":\"Delivered\""))), TimeSpan.FromSeconds(30)),
            "the Delivered callback never came");
        Assert.NotEmpty(openDuringPost);
        Assert.All(openDuringPost, open => Assert.Equal(0, open));
    }

    [Fact]
    public async Task Status_callbacks_are_signed_with_the_secret_given_at_creation_retried_after_an_error_and_recorded()
    {
        using var receiver = new Receiver(failFirst: 1);
        using var admin = api.Admin();
        var id = $"hooks-{Guid.NewGuid():N}";
        var created = await (await admin.PostAsJsonAsync("/v1/admin/clients", new { id, credit = 10m })).Content.ReadFromJsonAsync<JsonElement>();
        var secret = created.GetProperty("callbackSecret").GetString()!;
        Assert.StartsWith("whsec_", secret);
        Assert.False((await admin.GetFromJsonAsync<JsonElement>($"/v1/admin/clients/{id}")).TryGetProperty("callbackSecret", out _)); // shown once
        var key = (await (await admin.PostAsync($"/v1/admin/clients/{id}/keys", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString();
        using var http = api.CreateClient();
        http.DefaultRequestHeaders.Add("X-API-Key", key);

        // A message the provider refuses for good has one status to tell: its first POST is refused, the retry gets through.
        var message = (await (await http.PostAsJsonAsync("/v1/messages", new { to = ApiFactory.RejectedRecipient, text = "Tell me", callbackUrl = receiver.Url }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        Assert.True(await Eventually.Until(() => Task.FromResult(!receiver.Received.IsEmpty), TimeSpan.FromSeconds(30)), "no callback got through");
        var (body, signature) = Assert.Single(receiver.Received);
        var callback = JsonDocument.Parse(body).RootElement;
        Assert.Equal("Failed", callback.GetProperty("status").GetString());
        Assert.EndsWith("Z", callback.GetProperty("statusAt").GetString());
        Assert.True(CallbackSignature.Verify(secret, signature, body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)), "bad signature");
        var attempts = await api.Query(db => db.CallbackAttempts.AsNoTracking().Where(a => a.MessageId == message).OrderBy(a => a.Attempt).ToListAsync());
        Assert.Equal([(1, (int?)500), (2, 200)], attempts.Select(a => (a.Attempt, a.ResponseStatus)));

        // A new secret signs what comes after; the old one no longer verifies.
        var rotated = (await (await admin.PostAsync($"/v1/admin/clients/{id}/callback-secret", null)).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("callbackSecret").GetString()!;
        Assert.NotEqual(secret, rotated);
        (await http.PostAsJsonAsync("/v1/messages", new { to = "+447911123495", text = "Again", callbackUrl = receiver.Url })).EnsureSuccessStatusCode();
        Assert.True(await Eventually.Until(() => Task.FromResult(receiver.Received.Count >= 2), TimeSpan.FromSeconds(30)));
        var later = receiver.Received.Skip(1).First();
        Assert.True(CallbackSignature.Verify(rotated, later.Signature, later.Body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
        Assert.False(CallbackSignature.Verify(secret, later.Signature, later.Body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public async Task A_message_canceled_before_it_was_sent_fires_no_callback()
    {
        using var receiver = new Receiver(failFirst: 0);
        var (_, http, _) = await api.NewClient("hooks-cancel");
        var canceled = (await (await http.PostAsJsonAsync("/v1/messages", new { to = "+447911123482", text = "Never mind", callbackUrl = receiver.Url,
            sendAt = DateTimeOffset.UtcNow.AddHours(1) })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.True(await Eventually.Until(async () => (await http.DeleteAsync($"/v1/messages/{canceled}")).StatusCode == HttpStatusCode.Accepted,
            TimeSpan.FromSeconds(10)));
        Assert.True(await Eventually.Until(() => api.Query(db => db.Messages.AnyAsync(m => m.CorrelationId == canceled && m.CurrentState == "Canceled")),
            TimeSpan.FromSeconds(10)));

        // A message sent after the cancel, to the same receiver: once its Delivered is heard, a Canceled callback would have been too.
        var sent = (await (await http.PostAsJsonAsync("/v1/messages", new { to = "+447911123482", text = "This one", callbackUrl = receiver.Url }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.True(await Eventually.Until(() => Task.FromResult(receiver.Received.Any(r => r.Body.Contains("\"status\":\"Delivered\""))),
            TimeSpan.FromSeconds(30)), "the later message's Delivered was not heard");
        Assert.All(receiver.Received, r => Assert.Contains(sent.ToString(), r.Body));
        Assert.False(await api.Query(db => db.CallbackAttempts.AnyAsync(a => a.MessageId == canceled)));
    }

    [Fact]
    public async Task A_slow_receiver_holds_at_most_its_clients_share_of_the_callbacks_and_others_go_through()
    {
        // The fixture lets a client have 2 callbacks in flight; this receiver takes 0.8 s to answer each (within the 1 s time-out).
        using var slow = new Receiver(failFirst: 0, beforeAnswer: () => Task.Delay(800));
        var (_, crowd, _) = await api.NewClient("hooks-slow");
        var ids = new List<Guid>();
        for (var i = 0; i < 10; i++)
            ids.Add((await (await crowd.PostAsJsonAsync("/v1/messages", new { to = "+447911123481", text = $"Slow {i}", callbackUrl = slow.Url }))
                .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());

        using var fast = new Receiver(failFirst: 0);
        var (_, other, _) = await api.NewClient("hooks-fast");
        (await other.PostAsJsonAsync("/v1/messages", new { to = "+447911123480", text = "Fast", callbackUrl = fast.Url })).EnsureSuccessStatusCode();
        Assert.True(await Eventually.Until(() => Task.FromResult(fast.Received.Any(r => r.Body.Contains("\"status\":\"Delivered\""))),
            TimeSpan.FromSeconds(15)), "the other client's callback waited behind the slow one's");

        // Every Delivered of the slow client's messages gets through in the end, never more than 2 at once.
        Assert.True(await Eventually.Until(() => Task.FromResult(
            ids.All(id => slow.Received.Any(r => r.Body.Contains(id.ToString()) && r.Body.Contains("\"status\":\"Delivered\"")))),
            TimeSpan.FromSeconds(90)), "the slow client's callbacks did not all get through");
        Assert.InRange(slow.MostAtOnce, 1, 2);
    }

    [Fact]
    public async Task A_status_that_a_later_one_has_overtaken_is_never_sent()
    {
        using var receiver = new Receiver(failFirst: 0, refuse: body => body.Contains("\"status\":\"Sent\"")); // every Sent refused
        var (_, http, _) = await api.NewClient("hooks-order");

        var id = (await (await http.PostAsJsonAsync("/v1/messages", new { to = "+447911123497", text = "Tell me", callbackUrl = receiver.Url }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        // Both statuses decided: each got through, or was refused and then given up as superseded.
        Assert.True(await Eventually.Until(() => api.Query(async db =>
        {
            var attempts = await db.CallbackAttempts.AsNoTracking().Where(a => a.MessageId == id).ToListAsync();
            return new[] { "Sent", "Delivered" }.All(s => attempts.Any(a => a.Status == s && (a.ResponseStatus == 200 || (a.Error ?? "").StartsWith("superseded", StringComparison.Ordinal))));
        }), TimeSpan.FromSeconds(30)), "the callbacks were not decided");
        var heard = receiver.Received.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("status").GetString()).ToList();
        Assert.Equal(["Delivered"], heard);
        var attempts = await api.Query(db => db.CallbackAttempts.AsNoTracking().Where(a => a.MessageId == id && a.Status == "Sent")
            .OrderBy(a => a.Attempt).ToListAsync());
        // Refused, then given up once Delivered overtook it (the first attempt may already find it overtaken).
        Assert.Equal("superseded by Delivered", attempts.Last().Error);
        Assert.All(attempts.SkipLast(1), a => Assert.Equal(500, a.ResponseStatus));
    }
}
