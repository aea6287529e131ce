namespace SmsSaga.Gateway.Http;

/// <summary>
/// RFC 9457 problem details for every error the API gives. <c>type</c> names the problem (<c>/problems/&lt;code&gt;</c>)
/// and the <c>code</c> extension repeats it for clients that switch on a string.
/// </summary>
public static class Problems
{
    public static IResult Of(int status, string code, string title, string? detail = null, IDictionary<string, object?>? extensions = null)
    {
        var all = new Dictionary<string, object?>(extensions ?? new Dictionary<string, object?>()) { ["code"] = code };
        return Results.Problem(detail, statusCode: status, title: title, type: $"/problems/{code}", extensions: all);
    }

    public static IResult Validation(IDictionary<string, string[]> errors) =>
        Results.ValidationProblem(errors, title: "The request is not valid.", type: "/problems/validation",
            extensions: new Dictionary<string, object?> { ["code"] = "validation" });

    public static IResult Unauthorized(string detail) => Of(StatusCodes.Status401Unauthorized, "unauthorized", "Authentication failed.", detail);

    public static IResult NotFound(string what) => Of(StatusCodes.Status404NotFound, "not_found", $"No such {what}.");

    /// <summary>The code of a problem the framework writes, by its status.</summary>
    public static string CodeFor(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "bad_request",
        StatusCodes.Status401Unauthorized => "unauthorized",
        StatusCodes.Status404NotFound => "not_found",
        StatusCodes.Status405MethodNotAllowed => "method_not_allowed",
        StatusCodes.Status413PayloadTooLarge => "payload_too_large",
        StatusCodes.Status415UnsupportedMediaType => "unsupported_media_type",
        >= 500 => "internal_error",
        _ => $"http_{status}",
    };
}
