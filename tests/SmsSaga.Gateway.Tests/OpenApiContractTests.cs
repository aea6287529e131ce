using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SmsSaga.Components.Messages;

namespace SmsSaga.Gateway.Tests;

/// <summary>
/// The OpenAPI document against what the routes do: every answer below — success and failure, from every route — has
/// its status documented for its operation, and its body's fields are fields of the documented schema.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class OpenApiContractTests(ApiFactory api)
{
    [Fact]
    public async Task Every_route_answers_only_with_statuses_and_fields_its_document_describes()
    {
        var document = await api.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var (client, http, _) = await api.NewClient("openapi");
        using var admin = api.Admin();
        using var provider = api.CreateClient();
        provider.DefaultRequestHeaders.Add("X-Provider-Key", ApiFactory.ProviderKey);
        using var anonymous = api.CreateClient();
        var seen = new List<(string Method, string Path, HttpStatusCode Status, string Body)>();

        async Task<JsonElement> Call(HttpClient with, HttpMethod method, string template, string url, object? body = null, string? raw = null)
        {
            using var request = new HttpRequestMessage(method, url);
            if (body is not null)
                request.Content = JsonContent.Create(body);
            if (raw is not null)
                request.Content = new StringContent(raw, Encoding.UTF8, "application/json");
            using var response = await with.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            seen.Add((method.Method.ToLowerInvariant(), template, response.StatusCode, text));
            return text.Length > 0 && text[0] == '{' ? JsonDocument.Parse(text).RootElement.Clone() : default;
        }

        var sent = await Call(http, HttpMethod.Post, "/v1/messages", "/v1/messages", new { to = "+447911123470", text = "Documented" });
        var id = sent.GetProperty("id").GetGuid();
        var later = (await Call(http, HttpMethod.Post, "/v1/messages", "/v1/messages",
            new { to = "+447911123470", text = "Later", sendAt = DateTimeOffset.UtcNow.AddHours(1) })).GetProperty("id").GetGuid();
        await Call(http, HttpMethod.Post, "/v1/messages", "/v1/messages", new { to = "12", text = "x" });
        await Call(anonymous, HttpMethod.Post, "/v1/messages", "/v1/messages", new { to = "+447911123470", text = "x" });
        await Call(http, HttpMethod.Post, "/v1/messages/batch", "/v1/messages/batch", new { messages = new[] { new { to = "+447911123470", text = "A" } } });
        await Call(http, HttpMethod.Post, "/v1/messages/batch", "/v1/messages/batch", new { messages = Array.Empty<object>() });
        Assert.True(await Eventually.Until(() => api.Query(db => db.Messages.AnyAsync(m => m.CorrelationId == later)), TimeSpan.FromSeconds(10)));
        await Call(http, HttpMethod.Get, "/v1/messages/{id}", $"/v1/messages/{id}");
        await Call(http, HttpMethod.Get, "/v1/messages/{id}", $"/v1/messages/{Guid.NewGuid()}");
        await Call(http, HttpMethod.Get, "/v1/messages", "/v1/messages?limit=5");
        await Call(http, HttpMethod.Get, "/v1/messages", "/v1/messages?status=Nope");
        await Call(http, HttpMethod.Delete, "/v1/messages/{id}", $"/v1/messages/{later}");
        await Call(http, HttpMethod.Delete, "/v1/messages/{id}", $"/v1/messages/{Guid.NewGuid()}");
        await Call(http, HttpMethod.Get, "/v1/balance", "/v1/balance");

        var other = $"openapi-{Guid.NewGuid():N}";
        await Call(admin, HttpMethod.Post, "/v1/admin/clients", "/v1/admin/clients", new { id = other, credit = 1m });
        await Call(admin, HttpMethod.Post, "/v1/admin/clients", "/v1/admin/clients", new { id = other });
        await Call(admin, HttpMethod.Get, "/v1/admin/clients/{id}", $"/v1/admin/clients/{other}");
        await Call(admin, HttpMethod.Get, "/v1/admin/clients/{id}", "/v1/admin/clients/nobody");
        await Call(admin, HttpMethod.Patch, "/v1/admin/clients/{id}", $"/v1/admin/clients/{other}", raw: """{"helpText":"Reply STOP","burst":null}""");
        await Call(admin, HttpMethod.Patch, "/v1/admin/clients/{id}", $"/v1/admin/clients/{other}", new { ratePerSecond = -1 });
        await Call(admin, HttpMethod.Post, "/v1/admin/clients/{id}/callback-secret", $"/v1/admin/clients/{other}/callback-secret");
        await Call(admin, HttpMethod.Post, "/v1/admin/clients/{id}/topups", $"/v1/admin/clients/{other}/topups", new { amount = 2.5m });
        await Call(admin, HttpMethod.Post, "/v1/admin/clients/{id}/topups", $"/v1/admin/clients/{other}/topups", new { amount = 0 });
        var keyId = (await Call(admin, HttpMethod.Post, "/v1/admin/clients/{id}/keys", $"/v1/admin/clients/{other}/keys")).GetProperty("keyId").GetString();
        await Call(admin, HttpMethod.Delete, "/v1/admin/clients/{id}/keys/{keyId}", $"/v1/admin/clients/{other}/keys/{keyId}");
        await Call(admin, HttpMethod.Put, "/v1/admin/clients/{id}/numbers/{number}", $"/v1/admin/clients/{other}/numbers/+447911123476");
        await Call(admin, HttpMethod.Put, "/v1/admin/clients/{id}/numbers/{number}", $"/v1/admin/clients/{client}/numbers/+447911123476");
        await Call(admin, HttpMethod.Put, "/v1/admin/clients/{id}/numbers/{number}", $"/v1/admin/clients/{other}/numbers/not-a-number");
        await Call(admin, HttpMethod.Get, "/v1/admin/clients/{id}/numbers", $"/v1/admin/clients/{other}/numbers");
        await Call(admin, HttpMethod.Delete, "/v1/admin/clients/{id}/numbers/{number}", $"/v1/admin/clients/{other}/numbers/+447911123476");
        await Call(admin, HttpMethod.Get, "/v1/admin/messages/{id}", $"/v1/admin/messages/{id}");
        await Call(admin, HttpMethod.Get, "/v1/admin/messages", $"/v1/admin/messages?clientId={client}");
        await Call(admin, HttpMethod.Get, "/v1/admin/messages/stuck", "/v1/admin/messages/stuck?limit=10");
        await Call(admin, HttpMethod.Post, "/v1/admin/messages/{id}/replay", $"/v1/admin/messages/{later}/replay");
        await Call(anonymous, HttpMethod.Get, "/v1/admin/messages", "/v1/admin/messages");

        await Call(provider, HttpMethod.Post, "/v1/providers/{name}/dlr", "/v1/providers/simulator/dlr", new { messageId = "nobody", status = "DELIVRD" });
        await Call(provider, HttpMethod.Post, "/v1/providers/{name}/dlr", "/v1/providers/simulator/dlr", new { messageId = "nobody", status = "MAYBE" });
        await Call(provider, HttpMethod.Post, "/v1/providers/{name}/dlr", "/v1/providers/nobody/dlr", new { messageId = "x", status = "DELIVRD" });
        await Call(provider, HttpMethod.Post, "/v1/providers/{name}/inbound", "/v1/providers/simulator/inbound",
            new { id = Guid.NewGuid().ToString(), from = "+447911123470", to = "+447911123475", text = "hello" });
        await Call(provider, HttpMethod.Post, "/v1/providers/{name}/inbound", "/v1/providers/simulator/inbound",
            new { id = Guid.NewGuid().ToString(), from = "+447911123470", text = "no to" });

        var undocumented = new List<string>();
        foreach (var (method, path, status, body) in seen)
        {
            var operation = document.GetProperty("paths").GetProperty(path).GetProperty(method);
            if (!operation.GetProperty("responses").TryGetProperty(((int)status).ToString(), out var response))
            {
                undocumented.Add($"{method} {path} answered {(int)status}, not documented");
                continue;
            }

            if (body.Length == 0 || body[0] != '{' || !response.TryGetProperty("content", out var content))
                continue;
            var schema = Resolve(document, content.EnumerateObject().First().Value.GetProperty("schema"));
            var known = schema.TryGetProperty("properties", out var properties) ? properties.EnumerateObject().Select(p => p.Name).ToHashSet() : [];
            foreach (var field in JsonDocument.Parse(body).RootElement.EnumerateObject().Select(p => p.Name).Where(f => !known.Contains(f)))
                undocumented.Add($"{method} {path} {(int)status}: field '{field}' is not in its schema");
        }

        Assert.True(undocumented.Count == 0, string.Join(Environment.NewLine, undocumented));
        Assert.True(seen.Count >= 30, $"only {seen.Count} answers were checked");
    }

    [Fact]
    public async Task The_document_names_the_keys_each_route_needs_and_the_idempotency_key()
    {
        var document = await api.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal("X-API-Key", schemes.GetProperty("ClientKey").GetProperty("name").GetString());
        Assert.Equal("X-Admin-Key", schemes.GetProperty("AdminKey").GetProperty("name").GetString());
        Assert.Equal("X-Provider-Key", schemes.GetProperty("ProviderKey").GetProperty("name").GetString());
        string Scheme(string path, string method) => document.GetProperty("paths").GetProperty(path).GetProperty(method)
            .GetProperty("security")[0].EnumerateObject().Single().Name;
        Assert.Equal("ClientKey", Scheme("/v1/messages", "post"));
        Assert.Equal("AdminKey", Scheme("/v1/admin/clients", "post"));
        Assert.Equal("ProviderKey", Scheme("/v1/providers/{name}/dlr", "post"));
        foreach (var path in new[] { "/v1/messages", "/v1/messages/batch" })
            Assert.Contains(document.GetProperty("paths").GetProperty(path).GetProperty("post").GetProperty("parameters").EnumerateArray(),
                p => p.GetProperty("name").GetString() == "Idempotency-Key" && p.GetProperty("in").GetString() == "header");
        var problem = Resolve(document, document.GetProperty("paths").GetProperty("/v1/messages").GetProperty("post").GetProperty("responses")
            .GetProperty("422").GetProperty("content").GetProperty("application/problem+json").GetProperty("schema"));
        Assert.True(problem.GetProperty("properties").TryGetProperty("code", out _));
        Assert.True(problem.GetProperty("properties").TryGetProperty("errors", out _));
    }

    /// <summary>A schema, following a <c>$ref</c> into the document's components.</summary>
    static JsonElement Resolve(JsonElement document, JsonElement schema) =>
        schema.TryGetProperty("$ref", out var reference)
            ? document.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/').Last())
            : schema;
}
