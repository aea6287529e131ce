using SmsSaga.Components.Messages;
using SmsSaga.Components.Text;
using SmsSaga.Contracts;
using SmsSaga.Contracts.Internal;

namespace SmsSaga.Components.Intake;

/// <summary>
/// Checks a send request field by field and, when it is usable, turns it into <see cref="SmsRequested"/>:
/// message id derived from (client, key), recipient in E.164, text priced in segments.
/// Errors are keyed by the field's JSON name, for problem details and fault records alike.
/// </summary>
public static class SmsRequestValidator
{
    public const int MaxIdempotencyKeyLength = 255;
    public const int MaxClientIdLength = 64;
    public const int MaxReferenceLength = 255;
    public const int MaxSenderIdLength = 16;

    public static readonly string[] Categories = ["transactional", "marketing"];

    /// <summary>True when the text holds a control character other than CR and LF: such a text is refused, not sent.</summary>
    public static bool HasControlCharacters(string text) => text.Any(c => char.IsControl(c) && c is not ('\n' or '\r'));

    /// <summary>
    /// True when <paramref name="value"/> holds what no field may: a control character (NUL, which PostgreSQL cannot store,
    /// among them; CR and LF are allowed with <paramref name="lineBreaks"/>) or half of a surrogate pair (no UTF-8 for it).
    /// </summary>
    public static bool IsUnfit(string value, bool lineBreaks = false)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsControl(c) && !(lineBreaks && c is '\n' or '\r'))
                return true;
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                i++;
            else if (char.IsSurrogate(c))
                return true;
        }

        return false;
    }

    public static SmsRequested Validate(SendSms request, SmsOptions settings, DateTimeOffset now, out Dictionary<string, string[]> errors)
    {
        var maxSegments = settings.MaxSegments;
        errors = [];
        if (string.IsNullOrWhiteSpace(request.ClientId) || request.ClientId.Length > MaxClientIdLength)
            errors["clientId"] = [$"required, at most {MaxClientIdLength} characters"];
        if (string.IsNullOrEmpty(request.IdempotencyKey) || request.IdempotencyKey.Length > MaxIdempotencyKeyLength)
            errors["idempotencyKey"] = [$"required, at most {MaxIdempotencyKeyLength} characters"];
        if (!RecipientNumbers.TryNormalize(request.To, out var to))
            errors["to"] = ["not a valid phone number in international form (E.164, e.g. +447911123456)"];
        if (request.SenderId is { Length: > MaxSenderIdLength })
            errors["senderId"] = [$"at most {MaxSenderIdLength} characters"];
        if (request.Reference is { Length: > MaxReferenceLength })
            errors["reference"] = [$"at most {MaxReferenceLength} characters"];

        var segments = SegmentCalculator.Calculate(request.Text ?? "");
        if (string.IsNullOrWhiteSpace(request.Text))
            errors["text"] = ["required, and more than spaces"];
        else if (segments.Segments > maxSegments)
            errors["text"] = [$"needs {segments.Segments} segments ({segments.EncodingName}); at most {maxSegments} are allowed"];
        else if (IsUnfit(request.Text!, lineBreaks: true))
            errors["text"] = ["contains control characters or an unpaired surrogate"];
        foreach (var (field, value) in (ReadOnlySpan<(string, string?)>)[("clientId", request.ClientId), ("idempotencyKey", request.IdempotencyKey),
                     ("senderId", request.SenderId), ("reference", request.Reference), ("timeZone", request.TimeZone)])
            if (value is not null && !errors.ContainsKey(field) && IsUnfit(value))
                errors[field] = ["contains control characters or an unpaired surrogate"];

        // Instants are UTC from here on: PostgreSQL's timestamptz takes no other offset, and neither does the scheduler.
        var sendAt = request.SendAt?.ToUniversalTime();
        if (sendAt > now + settings.MaxScheduleAhead)
            errors["sendAt"] = [$"at most {settings.MaxScheduleAhead.TotalDays:0} days ahead"];
        if (request.Category is not null && !Categories.Contains(request.Category))
            errors["category"] = [$"one of {string.Join(", ", Categories)}"];
        if (request.TimeZone is not null && !TimeZoneInfo.TryFindSystemTimeZoneById(request.TimeZone, out _))
            errors["timeZone"] = ["not a known IANA time zone (e.g. Europe/London)"];

        if (errors.Count > 0)
            return null!;

        return new SmsRequested(
            MessageIdentity.For(request.ClientId, request.IdempotencyKey),
            request.ClientId, request.IdempotencyKey, to, request.Text!,
            request.SenderId, request.Reference, segments.Segments, segments.EncodingName,
            sendAt > now ? sendAt : null, request.Category ?? "transactional",
            request.TimeZone is not null ? [request.TimeZone] : [.. RecipientTimeZones.For(to)]);
    }
}
