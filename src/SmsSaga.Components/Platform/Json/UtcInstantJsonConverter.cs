using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SmsSaga.Components.Platform.Json;

/// <summary>
/// Instants in the API's JSON: read as ISO 8601 with any offset (none means UTC) and turned into UTC at once; written in
/// UTC with a <c>Z</c>, so every answer shows the same moment the same way.
/// </summary>
public sealed class UtcInstantJsonConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String || !reader.TryGetDateTime(out var time))
            throw new JsonException("an ISO 8601 instant is expected, e.g. 2026-12-02T10:00:00+09:00");
        return new DateTimeOffset(time.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(time, DateTimeKind.Utc) : time.ToUniversalTime());
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
}
