namespace SmsSaga.Gateway.Admin;

/// <summary>The body of <c>POST /v1/admin/clients</c>.</summary>
public sealed record NewClientRequest(string? Id, string? Name, decimal? Credit);
