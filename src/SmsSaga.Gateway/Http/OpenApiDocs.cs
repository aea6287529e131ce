using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace SmsSaga.Gateway.Http;

/// <summary>
/// What the OpenAPI document says beyond each route's own metadata: the three API keys as security schemes, which one each
/// route needs (and its 401), and the <c>Idempotency-Key</c> header of the two send routes.
/// </summary>
public static class OpenApiDocs
{
    /// <summary>The problems (<see cref="ApiProblem"/>) a route answers with, by status.</summary>
    public static RouteHandlerBuilder WithProblems(this RouteHandlerBuilder route, params int[] statuses)
    {
        foreach (var status in statuses)
            route.Produces<ApiProblem>(status, "application/problem+json");
        return route;
    }

    static readonly (string Prefix, string Scheme, string Header, string What)[] Keys =
    [
        ("v1/admin", "AdminKey", "X-Admin-Key", "the operators' key (Api:AdminKey)"),
        ("v1/providers", "ProviderKey", "X-Provider-Key", "the provider's webhook key (ProviderWebhooks:Keys)"),
        ("v1/", "ClientKey", "X-API-Key", "a client's API key (sk_…)"),
    ];

    public static void Describe(OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            foreach (var key in Keys)
                document.Components.SecuritySchemes[key.Scheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = key.Header, Description = key.What,
                };
            return Task.CompletedTask;
        });

        options.AddOperationTransformer((operation, context, _) =>
        {
            var path = context.Description.RelativePath ?? "";
            if (Keys.FirstOrDefault(k => path.StartsWith(k.Prefix, StringComparison.Ordinal)) is { Scheme: not null } key)
            {
                operation.Security ??= [];
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(key.Scheme, context.Document)] = [] });
            }

            if (context.Description.HttpMethod == "POST" && path is "v1/messages" or "v1/messages/batch")
            {
                operation.Parameters ??= [];
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = IdempotentExecution.Header, In = ParameterLocation.Header, Required = false,
                    Description = "Any string up to 255 characters, kept 24 h: the same key and body get the first answer again " +
                                  "(Idempotent-Replayed: true); another body is 422; one still in flight is 409. It also names the message.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 255 },
                });
            }

            if (context.Description.HttpMethod == "POST" && path is "v1/admin/clients/{id}/topups")
            {
                operation.Parameters ??= [];
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = IdempotentExecution.Header, In = ParameterLocation.Header, Required = false,
                    Description = "Any string up to 255 characters, kept 24 h: a top-up sent again with its key credits once and gets the " +
                                  "first answer (Idempotent-Replayed: true); another amount or client is 422; one still in flight is 409.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 255 },
                });
            }

            return Task.CompletedTask;
        });
    }
}
