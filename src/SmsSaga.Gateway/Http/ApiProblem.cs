namespace SmsSaga.Gateway.Http;

/// <summary>
/// How every error looks (RFC 9457, <c>application/problem+json</c>), for the API's documentation: <c>code</c> names the
/// problem for clients that switch on a string; <c>errors</c> (validation problems) names each field that is wrong;
/// <c>traceId</c> finds the request in the gateway's logs.
/// </summary>
public sealed record ApiProblem(string Type, string Title, int Status, string? Detail, string? Instance, string Code,
    IDictionary<string, string[]>? Errors, string? TraceId);
