using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SmsSaga.Components.Platform.Json;

namespace SmsSaga.Gateway.Http;

/// <summary>
/// Reads a JSON request body with the API's size limit and turns every way it can be wrong into a problem:
/// too large (413), not JSON (415), malformed or wrong types (400 naming the JSON path). The raw bytes are kept
/// for the idempotency check.
/// </summary>
public static class JsonBody
{
    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    /// <summary>
    /// The API's JSON, for what it reads, answers and stores: camelCase, instants in UTC, and strings as typed. The default
    /// encoder writes <c>+</c> as <c>\u002B</c> (and <c>&lt; &gt; &amp; '</c> likewise), which only matters to JSON pasted
    /// into HTML; the API serves none, and an E.164 number must read as the client sent it. Control characters, quotes and
    /// backslashes are still escaped.
    /// </summary>
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        options.Converters.Add(new UtcInstantJsonConverter());
        return options;
    }

    public static async Task<(T? Value, byte[] Raw, IResult? Problem)> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        var limit = request.HttpContext.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.MaxRequestBodyBytes;
        if (request.ContentLength > limit)
            return (null, [], TooLarge(limit));
        if (!(request.ContentType ?? "").StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            return (null, [], Problems.Of(StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type", "Send JSON.",
                "The body must be application/json."));

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
                return (null, [], TooLarge(limit));
            buffer.Write(chunk, 0, read);
        }

        var raw = buffer.ToArray();
        try
        {
            var value = JsonSerializer.Deserialize<T>(raw, Options);
            return value is null
                ? (null, raw, Problems.Validation(new Dictionary<string, string[]> { ["$"] = ["a JSON object is required"] }))
                : (value, raw, null);
        }
        catch (JsonException ex)
        {
            return (null, raw, Problems.Validation(new Dictionary<string, string[]>
            {
                [ex.Path ?? "$"] = [ex.Path is null or "$" ? "the body is not valid JSON" : "wrong type or malformed value"],
            }));
        }
    }

    static IResult TooLarge(int limit) =>
        Problems.Of(StatusCodes.Status413PayloadTooLarge, "payload_too_large", "The request body is too large.", $"At most {limit} bytes.");
}
