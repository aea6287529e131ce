namespace SmsSaga.Gateway.Admin;

/// <summary>The body of <c>POST /v1/admin/clients/{id}/topups</c>.</summary>
public sealed record TopUpRequest(decimal? Amount);
