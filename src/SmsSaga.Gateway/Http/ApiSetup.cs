using Scalar.AspNetCore;

namespace SmsSaga.Gateway.Http;

/// <summary>The HTTP API's wiring: options, problem details for every error, the OpenAPI document and its reference page.</summary>
public static class ApiSetup
{
    public static IServiceCollection AddGatewayApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ApiOptions>().Bind(configuration.GetSection(ApiOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<IdempotentExecution>();
        services.ConfigureHttpJsonOptions(o => JsonBody.Configure(o.SerializerOptions));
        // Problems the framework writes (an unknown route, a wrong method, a query value that does not parse, an unhandled
        // exception) get a code too, like every problem of the API's own.
        // A query or route value that does not parse is the client's 400 in every environment (Development would throw).
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = false);
        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions.TryAdd("code", Problems.CodeFor(context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode)));
        services.AddOpenApi("v1", OpenApiDocs.Describe);
        return services;
    }

    /// <summary>Unhandled exceptions and bare error statuses (a malformed route or query value) become problem details.</summary>
    public static void UseGatewayErrors(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
    }

    /// <summary><c>/openapi/v1.json</c> and the interactive reference at <c>/docs</c>.</summary>
    public static void MapApiReference(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapScalarApiReference("/docs", o => o.WithTitle("SmsSaga API").WithOpenApiRoutePattern("/openapi/{documentName}.json"));
    }
}
