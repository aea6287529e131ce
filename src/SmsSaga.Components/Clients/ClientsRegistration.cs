using Microsoft.Extensions.DependencyInjection;

namespace SmsSaga.Components.Clients;

public static class ClientsRegistration
{
    /// <summary>Client accounts, their keys, numbers, opt-outs and rate limits.</summary>
    public static IServiceCollection AddClients(this IServiceCollection services)
    {
        services.AddScoped<ClientNumbers>();
        services.AddScoped<ClientAdmin>();
        services.AddScoped<ApiKeys>();
        services.AddScoped<RateLimiter>();
        return services;
    }
}
