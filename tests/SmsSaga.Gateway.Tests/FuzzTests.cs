using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using RabbitMQ.Client;
using SmsSaga.Components.Credits;
using SmsSaga.Components.Messages;
using Xunit.Abstractions;

namespace SmsSaga.Gateway.Tests;

/// <summary>
/// Generated hostile input on every string field of both ways in: <c>POST /v1/messages</c>, the batch (and its items'
/// keys) and plain-JSON <c>SendSms</c> on the bus. Each input is a valid message with one to three fields replaced by
/// something a careless or hostile caller sends: NUL and other control characters, lone surrogates, bidi controls,
/// 64 kB strings, wrong JSON types. Whatever comes in: no 5xx, every 400 names a field that was changed, nothing the bus
/// refuses ends anywhere but <c>send-sms_error</c> (with its reason), no hold is left held once the messages settle, and
/// the ledger balances. The seed is printed and can be set (<c>SMSSAGA_FUZZ_SEED</c>) to repeat a run.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed partial class FuzzTests(ApiFactory api, ITestOutputHelper output)
{
    const int Singles = 500, Batches = 100, BusMessages = 300;

    static readonly string[] MessageFields = ["to", "text", "from", "reference", "sendAt", "category", "callbackUrl", "timeZone"];

    [Fact]
    public async Task Hostile_input_on_every_field_of_both_ways_in_is_refused_by_field_and_costs_nothing()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("SMSSAGA_FUZZ_SEED"), out var given) ? given : Random.Shared.Next();
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        var (client, http, _) = await api.NewClient("fuzz-http", credit: 1000m);
        var (busClient, _, _) = await api.NewClient("fuzz-bus", credit: 1000m);
        var answers = new Dictionary<int, int>();
        var inputs = 0;

        for (var i = 0; i < Singles; i++, inputs++)
        {
            var (body, changed) = Message(random, i);
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages") { Content = Json(body) };
            if (random.Next(4) == 0)
            {
                // What HTTP can carry in a header: empty, spaces, too long, a tab, a list, or the header twice.
                changed.Add("Idempotency-Key");
                string[] keys = ["", "   ", new string('k', 256), "a\tb", "dup,dup", $"key-{i}"];
                request.Headers.TryAddWithoutValidation("Idempotency-Key", keys[random.Next(keys.Length)]);
                if (random.Next(4) == 0)
                    request.Headers.TryAddWithoutValidation("Idempotency-Key", "again");
            }

            await Check(await http.SendAsync(request), changed, $"single {i} (seed {seed}): {Shorten(body)}", answers);
        }

        for (var i = 0; i < Batches; i++)
        {
            var items = new JsonArray();
            var changed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            for (var n = random.Next(1, 6); n > 0; n--, inputs++)
            {
                var (item, itemChanged) = Message(random, i * 10 + n);
                item["idempotencyKey"] = random.Next(3) == 0 ? Node(Hostile(random)) : $"fuzz-{i}-{n}";
                changed.UnionWith(itemChanged);
                changed.Add("idempotencyKey");
                items.Add(item);
            }

            var body = new JsonObject { ["messages"] = items };
            using var response = await http.PostAsync("/v1/messages/batch", Json(body));
            await Check(response, changed, $"batch {i} (seed {seed}): {Shorten(body)}", answers);
        }

        var marker = $"fuzz-{Guid.NewGuid():N}";
        var busIds = new List<Guid>(); // the message each bus input names, if it names one
        await using (var connection = await TestBroker.For(api.VirtualHost).ConnectionFactory().CreateConnectionAsync())
        await using (var channel = await connection.CreateChannelAsync(new CreateChannelOptions(true, true)))
        {
            for (var i = 0; i < BusMessages; i++, inputs++)
            {
                var (body, _) = Message(random, i);
                body.Remove("callbackUrl"); // not a field of SendSms
                body["clientId"] = random.Next(10) == 0 ? Node(Hostile(random)) : busClient;
                // A hostile key is made unique, so no input is a duplicate of another (which would be dropped, not answered).
                body["idempotencyKey"] = random.Next(5) == 0 ? Node(Hostile(random) switch { string key => $"{key}-{i}", var other => other }) : $"bus-{i}";
                if (random.Next(5) == 0)
                    body["senderId"] = Node(Hostile(random));
                body["fuzz"] = marker; // not a field: a way to find this input in an error queue
                Guid? id = body["clientId"] is JsonValue clientId && clientId.TryGetValue<string>(out var sender)
                    && body["idempotencyKey"] is JsonValue keyValue && keyValue.TryGetValue<string>(out var named)
                    && sender.Length > 0 && named.Length > 0 ? MessageIdentity.For(sender, named) : null;
                if (id is not null)
                    busIds.Add(id.Value);
                var properties = new BasicProperties { ContentType = "application/json", DeliveryMode = DeliveryModes.Persistent };
                await channel.BasicPublishAsync("SmsSaga.Contracts:SendSms", "", mandatory: false, properties, Encoding.UTF8.GetBytes(Raw(body)));
            }
        }

        output.WriteLine($"{inputs} inputs; HTTP answers: {string.Join(", ", answers.OrderBy(a => a.Key).Select(a => $"{a.Key} × {a.Value}"))}");
        Assert.True(inputs >= 1000);

        // The bus inputs are all taken: every one is a message (of the bus client, or failed for want of credit when its
        // client does not exist), or a fault in send-sms_error with its reason.
        var faults = new List<(string Queue, string Reason)>();
        var rows = 0;
        var accounted = await Eventually.Until(async () =>
        {
            faults.AddRange(await ErrorQueues.TakeAllAsync(api.VirtualHost, marker));
            rows = await api.Query(db => db.Messages.CountAsync(m => busIds.Contains(m.CorrelationId)));
            return rows + faults.Count >= BusMessages;
        }, TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(1));
        var where = string.Join(", ", faults.GroupBy(f => f.Queue).Select(g => $"{g.Key} × {g.Count()}"));
        output.WriteLine($"bus: {rows} messages, faults {where}");
        Assert.True(accounted, $"bus inputs unaccounted for (seed {seed}): {rows} messages, faults {where}");
        Assert.All(faults, f => Assert.True(f.Queue == "send-sms_error", $"a bus input faulted in {f.Queue}: {f.Reason} (seed {seed})"));
        Assert.All(faults, f => Assert.NotEqual("?", f.Reason));

        // What was accepted ends and is paid for once; what was refused cost nothing.
        await LedgerAssertions.AssertBalanced(api, client);
        await LedgerAssertions.AssertBalanced(api, busClient);
        Assert.False(await api.Query(db => db.CreditHolds.AnyAsync(h => (h.ClientId == client || h.ClientId == busClient)
            && !db.Set<SmsState>().Any(m => m.CorrelationId == h.MessageId) && h.Status != HoldStatus.Rejected)), "a hold without a message");
    }

    /// <summary>A valid message with one to three of its fields replaced by hostile values; the names of those fields.</summary>
    static (JsonObject Body, HashSet<string> Changed) Message(Random random, int n)
    {
        var body = new JsonObject
        {
            ["to"] = $"+44791112345{random.Next(10)}", // valid numbers only: a refusal of "to" must come from a change
            ["text"] = $"Fuzz {n}",
            ["reference"] = $"ref-{n}",
        };
        var changed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var k = random.Next(1, 4); k > 0; k--)
        {
            var field = MessageFields[random.Next(MessageFields.Length)];
            body[field] = Node(field == "sendAt" && random.Next(3) == 0 ? DateTimeOffset.UtcNow.AddYears(-random.Next(1, 30)).ToString("O") : Hostile(random));
            changed.Add(field);
        }

        return (body, changed);
    }

    /// <summary>A string (or not a string at all) that a field must survive.</summary>
    static object? Hostile(Random random)
    {
        string Around(string bad) => random.Next(3) switch { 0 => bad, 1 => "a" + bad + "b", _ => bad + "+447911123456" };
        return random.Next(16) switch
        {
            0 => Around("\0"),
            1 => Around(((char)random.Next(1, 32)).ToString()),
            2 => Around("\u007f"),
            3 => Around(((char)random.Next(0x80, 0xa0)).ToString()),
            4 => Around(LoneSurrogate(random.Next(0xd800, 0xdc00))), // a lone high surrogate
            5 => Around(LoneSurrogate(random.Next(0xdc00, 0xe000))), // a lone low surrogate
            6 => Around(new[] { "\u202e", "\u2066", "\u200f", "\u061c", "\u2069" }[random.Next(5)]), // bidi controls
            7 => new string((char)random.Next('a', 'z' + 1), 64 * 1024),
            8 => string.Concat(Enumerable.Repeat("😀", random.Next(1, 2000))),
            9 => "",
            10 => "   ",
            11 => random.Next(-1000, 1000),
            12 => random.Next(2) == 0,
            13 => new[] { "a", "b" },
            14 => new Dictionary<string, object> { ["nested"] = "x" },
            _ => null,
        };
    }

    static JsonNode? Node(object? value) => JsonSerializer.SerializeToNode(value);

    /// <summary>
    /// A stand-in for a lone surrogate, written as its JSON escape by <see cref="Raw"/>: a .NET serializer would replace the
    /// surrogate itself with U+FFFD, and the gateway would never see it.
    /// </summary>
    static string LoneSurrogate(int code) => $"~lone-{code:x4}~";

    static string Raw(JsonNode body) => LoneSurrogates().Replace(body.ToJsonString(), m => $"\\u{m.Groups[1].Value}");

    [System.Text.RegularExpressions.GeneratedRegex("~lone-([0-9a-f]{4})~")]
    private static partial System.Text.RegularExpressions.Regex LoneSurrogates();

    static StringContent Json(JsonNode body) => new(Raw(body), Encoding.UTF8, "application/json");

    static string Shorten(JsonNode body) => Raw(body) is var json && json.Length > 300 ? json[..300] + "…" : json;

    /// <summary>No 5xx; a problem for every 4xx; every field a 400 names is one that was changed.</summary>
    static async Task Check(HttpResponseMessage response, HashSet<string> changed, string what, Dictionary<int, int> answers)
    {
        var status = (int)response.StatusCode;
        answers[status] = answers.GetValueOrDefault(status) + 1;
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status < 500, $"{status} for {what}: {text}");
        if (status < 400)
        {
            Assert.Contains(response.StatusCode, new[] { HttpStatusCode.Accepted, HttpStatusCode.OK });
            if (JsonDocument.Parse(text).RootElement is { ValueKind: JsonValueKind.Object } answer && answer.TryGetProperty("items", out _))
                CheckItems(answer, changed, what);
            return;
        }

        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        if (status == 400 && problem.TryGetProperty("errors", out var errors))
            foreach (var error in errors.EnumerateObject())
                Assert.True(changed.Contains(FieldOf(error.Name)), $"400 names {error.Name}, which was not changed, for {what}: {text}");
    }

    /// <summary>A batch's answer: each item refused for a field names one of the changed fields.</summary>
    static void CheckItems(JsonElement answer, HashSet<string> changed, string what)
    {
        foreach (var item in answer.GetProperty("items").EnumerateArray())
        {
            var status = item.GetProperty("status").GetInt32();
            Assert.True(status < 500, $"item {status} for {what}: {item}");
            if (status == 400 && item.TryGetProperty("problem", out var problem) && problem.TryGetProperty("errors", out var errors))
                foreach (var error in errors.EnumerateObject())
                    Assert.True(changed.Contains(FieldOf(error.Name)), $"item 400 names {error.Name}, which was not changed, for {what}: {item}");
        }
    }

    /// <summary>"$.messages[3].to" and "to" both name "to".</summary>
    static string FieldOf(string path) => path.Split('.', '[').Last(p => p.Length > 0 && !p.EndsWith(']') && p != "$");
}
