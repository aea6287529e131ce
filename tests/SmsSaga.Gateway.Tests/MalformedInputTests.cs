using System.Net;
using System.Net.Http.Json;
using System.Text;
using SmsSaga.Components.Credits;

namespace SmsSaga.Gateway.Tests;

/// <summary>Every way a request can be wrong gets a 4xx problem detail, never a 5xx, and creates nothing.</summary>
[Collection(ApiCollection.Name)]
public sealed class MalformedInputTests(ApiFactory api)
{
    public static TheoryData<string, string, string, int> Bodies => new()
    {
        { "not JSON", "application/json", "{\"to\": ", 400 },
        { "an array", "application/json", "[1,2]", 400 },
        { "null", "application/json", "null", 400 },
        { "text is a number", "application/json", "{\"to\":\"+447911123456\",\"text\":42}", 400 },
        { "sendAt is not a date", "application/json", "{\"to\":\"+447911123456\",\"text\":\"x\",\"sendAt\":\"tomorrow\"}", 400 },
        { "missing fields", "application/json", "{}", 400 },
        { "missing text", "application/json", "{\"to\":\"+447911123456\"}", 400 },
        { "empty text", "application/json", "{\"to\":\"+447911123456\",\"text\":\"\"}", 400 },
        { "only spaces for text", "application/json", "{\"to\":\"+447911123456\",\"text\":\"  \\n \"}", 400 },
        { "invalid number", "application/json", "{\"to\":\"12345\",\"text\":\"x\"}", 400 },
        { "letters for a number", "application/json", "{\"to\":\"call me\",\"text\":\"x\"}", 400 },
        { "control characters", "application/json", "{\"to\":\"+447911123456\",\"text\":\"bell\\u0007\"}", 400 },
        { "NUL in the reference", "application/json", "{\"to\":\"+447911123456\",\"text\":\"hi\",\"reference\":\"a\\u0000b\"}", 400 },
        { "NUL in the sender id", "application/json", "{\"to\":\"+447911123456\",\"text\":\"hi\",\"from\":\"A\\u0000B\"}", 400 },
        { "line break in the reference", "application/json", "{\"to\":\"+447911123456\",\"text\":\"hi\",\"reference\":\"a\\nb\"}", 400 },
        { "half a surrogate pair in the text", "application/json", "{\"to\":\"+447911123456\",\"text\":\"hi \\ud83d\"}", 400 },
        { "NUL in the callback URL", "application/json", "{\"to\":\"+447911123456\",\"text\":\"hi\",\"callbackUrl\":\"https://example.com/a\\u0000\"}", 400 },
        { "10 kB text", "application/json", $"{{\"to\":\"+447911123456\",\"text\":\"{new string('a', 10_000)}\"}}", 400 },
        { "unknown category", "application/json", "{\"to\":\"+447911123456\",\"text\":\"x\",\"category\":\"spam\"}", 400 },
        { "unknown time zone", "application/json", "{\"to\":\"+447911123456\",\"text\":\"x\",\"timeZone\":\"Mars/Olympus\"}", 400 },
        { "callback not a URL", "application/json", "{\"to\":\"+447911123456\",\"text\":\"x\",\"callbackUrl\":\"ftp:/x\"}", 400 },
        { "sender id too long", "application/json", "{\"to\":\"+447911123456\",\"text\":\"x\",\"from\":\"ABCDEFGHIJKLMNOPQ\"}", 400 },
        { "huge body", "application/json", $"{{\"to\":\"+447911123456\",\"text\":\"{new string('a', 300_000)}\"}}", 413 },
        { "form instead of JSON", "application/x-www-form-urlencoded", "to=%2B447911123456&text=x", 415 },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task A_bad_send_request_is_a_4xx_problem_and_creates_nothing(string what, string contentType, string body, int expected)
    {
        var (client, http, _) = await api.NewClient("bad");

        var response = await http.PostAsync("/v1/messages", new StringContent(body, Encoding.UTF8, contentType));

        Assert.True(expected == (int)response.StatusCode, $"{what}: got {(int)response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.Equal(expected, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("code").GetString()), $"{what}: no code");
        Assert.Equal(0, await api.Query(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.CreditHolds,
            h => h.ClientId == client)));
    }

    [Theory]
    [InlineData("GET", "/v1/messages?limit=abc", 400, "bad_request")]
    [InlineData("GET", "/v1/messages?since=tomorrow", 400, "bad_request")]
    [InlineData("GET", "/v1/messages/not-a-guid", 404, "not_found")]
    [InlineData("DELETE", "/v1/balance", 405, "method_not_allowed")]
    [InlineData("GET", "/v1/no-such-thing", 404, "not_found")]
    public async Task An_error_the_framework_finds_is_a_problem_with_a_code_too(string method, string path, int status, string code)
    {
        var (_, http, _) = await api.NewClient("framework");

        var response = await http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("  ")]
    [InlineData("a,b")]
    public async Task An_idempotency_key_of_spaces_or_two_keys_is_a_400(string key)
    {
        var (client, http, _) = await api.NewClient("badkey");
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages") { Content = JsonContent.Create(new { to = "+447911123456", text = "x" }) };
        if (key.Contains(','))
            foreach (var one in key.Split(','))
                request.Headers.TryAddWithoutValidation("Idempotency-Key", one);
        else
            request.Headers.TryAddWithoutValidation("Idempotency-Key", key);

        var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
        Assert.Equal(0, await api.Query(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.CreditHolds,
            h => h.ClientId == client)));
    }

    [Fact]
    public async Task A_sender_id_too_long_is_a_400_naming_from()
    {
        var (_, http, _) = await api.NewClient("badfrom");

        var response = await http.PostAsJsonAsync("/v1/messages", new { to = "+447911123456", text = "x", from = "ABCDEFGHIJKLMNOPQ" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("from", out _), errors.ToString());
    }

    [Fact]
    public async Task An_invalid_number_is_a_400_naming_the_field()
    {
        var (_, http, _) = await api.NewClient("badnum");

        var response = await http.PostAsJsonAsync("/v1/messages", new { to = "+44 12", text = "x" });

        var problem = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty("to", out _));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sk_0000000000000000_wrong")]
    [InlineData("not-a-key")]
    public async Task A_missing_or_wrong_api_key_is_401(string? key)
    {
        var http = api.CreateClient();
        if (key is not null)
            http.DefaultRequestHeaders.Add("X-API-Key", key);

        var response = await http.PostAsJsonAsync("/v1/messages", new { to = "+447911123456", text = "x" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_revoked_key_is_401()
    {
        var (client, http, key) = await api.NewClient("revoked");
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/v1/balance")).StatusCode);
        using var admin = api.Admin();
        var keyId = key.Split('_')[1];

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/v1/admin/clients/{client}/keys/{keyId}")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/v1/balance")).StatusCode);
    }

    [Fact]
    public async Task Admin_endpoints_need_the_admin_key()
    {
        var (_, http, _) = await api.NewClient("notadmin");
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/v1/admin/messages")).StatusCode);
        var wrong = api.CreateClient();
        wrong.DefaultRequestHeaders.Add("X-Admin-Key", "guess");
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("/v1/admin/messages")).StatusCode);
    }
}
