using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SmsSaga.Components.Callbacks;

namespace SmsSaga.Gateway.Tests;

[Collection(ApiCollection.Name)]
public sealed class CallbackTests(ApiFactory api)
{
    /// <summary>
    /// A receiver on loopback that records what it is sent, answering 500 to the first <paramref name="failFirst"/> POSTs;
    /// <paramref name="beforeAnswer"/> runs while the sender waits for the answer.
    /// </summary>
    sealed class Receiver : IDisposable
    {
        readonly HttpListener _listener = new();
        readonly Func<Task>? _beforeAnswer;
        int _failures;

        public Receiver(int failFirst, Func<Task>? beforeAnswer = null)
        {
            _failures = failFirst;
            _beforeAnswer = beforeAnswer;
            var port = FreePort();
            Url = $"http://127.0.0.1:{port}/hook/";
            _listener.Prefixes.Add(Url);
            _listener.Start();
            _ = Task.Run(Loop);
        }

        public string Url { get; }
        public ConcurrentQueue<(string Body, string? Signature)> Received { get; } = new();

        async Task Loop()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try { context = await _listener.GetContextAsync(); }
                catch (Exception) { return; }
                using var reader = new StreamReader(context.Request.InputStream);
                var body = await reader.ReadToEndAsync();
                if (_beforeAnswer is not null)
                    await _beforeAnswer();
                if (Interlocked.Decrement(ref _failures) >= 0)
                    context.Response.StatusCode = 500;
                else
                    Received.Enqueue((body, context.Request.Headers[CallbackSignature.Header]));
                context.Response.Close();
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

        Assert.True(await Eventually.Until(() => Task.FromResult(receiver.Received.Count >= 2), TimeSpan.FromSeconds(30)));
        Assert.All(openDuringPost, open => Assert.Equal(0, open));
    }

    [Fact]
    public async Task Status_callbacks_are_signed_retried_after_an_error_and_recorded()
    {
        using var receiver = new Receiver(failFirst: 1);
        var (client, http, _) = await api.NewClient("hooks");
        using var admin = api.Admin();
        (await admin.PatchAsJsonAsync($"/v1/admin/clients/{client}", new { callbackSecret = "whsec-test" })).EnsureSuccessStatusCode();

        var id = (await (await http.PostAsJsonAsync("/v1/messages", new { to = "+447911123495", text = "Tell me", callbackUrl = receiver.Url }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        Assert.True(await Eventually.Until(() => Task.FromResult(receiver.Received.Count >= 2), TimeSpan.FromSeconds(30)),
            $"got {receiver.Received.Count} callbacks");
        var statuses = receiver.Received.Select(r => JsonDocument.Parse(r.Body).RootElement)
            .Where(b => b.GetProperty("messageId").GetGuid() == id).Select(b => b.GetProperty("status").GetString()).ToList();
        Assert.Contains("Sent", statuses);
        Assert.Contains("Delivered", statuses);
        Assert.All(receiver.Received, r => Assert.True(
            CallbackSignature.Verify("whsec-test", r.Signature, r.Body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)), "bad signature"));
        Assert.False(CallbackSignature.Verify("another-secret", receiver.Received.First().Signature, receiver.Received.First().Body,
            DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));

        var attempts = await api.Query(db => db.CallbackAttempts.AsNoTracking().Where(a => a.MessageId == id).ToListAsync());
        Assert.Contains(attempts, a => a.ResponseStatus == 500);
        Assert.Contains(attempts, a => a.Attempt == 2 && a.ResponseStatus == 200);
    }
}
