using SmsSaga.Components.Clients;
using SmsSaga.Gateway.Http;

namespace SmsSaga.Gateway.Admin;

/// <summary>Clients' API keys: issued (shown once) and revoked.</summary>
public static class ClientKeyEndpoints
{
    public static RouteGroupBuilder MapClientKeys(this RouteGroupBuilder group)
    {
        group.MapPost("/clients/{id}/keys", CreateKey).WithSummary("Issue an API key; it is shown only in this answer")
            .Produces<KeyCreated>(StatusCodes.Status201Created).WithProblems(401, 404);
        group.MapDelete("/clients/{id}/keys/{keyId}", RevokeKey).WithSummary("Revoke an API key")
            .Produces(StatusCodes.Status204NoContent).WithProblems(401, 404);
        return group;
    }

    static async Task<IResult> CreateKey(string id, HttpContext http, ClientAdmin clients, ApiKeys keys)
    {
        if (await clients.FindAsync(id, http.RequestAborted) is null)
            return Problems.NotFound("client");
        var (keyId, key) = await keys.CreateAsync(id, http.RequestAborted);
        return Results.Created($"/v1/admin/clients/{id}/keys/{keyId}", new KeyCreated(keyId, key, id));
    }

    static async Task<IResult> RevokeKey(string id, string keyId, HttpContext http, ApiKeys keys) =>
        await keys.RevokeAsync(id, keyId, http.RequestAborted) ? Results.NoContent() : Problems.NotFound("key");
}
