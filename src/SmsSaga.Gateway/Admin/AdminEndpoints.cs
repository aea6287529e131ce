using SmsSaga.Gateway.Access;

namespace SmsSaga.Gateway.Admin;

/// <summary>Support and operators (<c>X-Admin-Key</c>): any message, dead-letter replay, clients, keys, credit and settings.</summary>
public static class AdminEndpoints
{
    public static void MapAdminEndpoints(this WebApplication app) =>
        app.MapGroup("/v1/admin").AddEndpointFilter<AdminKeyFilter>().WithTags("Admin")
            .MapMessageAdmin()
            .MapClientAdmin()
            .MapClientNumbers()
            .MapClientKeys();
}
