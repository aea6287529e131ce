using Microsoft.Extensions.DependencyInjection;

namespace SmsSaga.Components.Clients;

public static class ClientsRegistration
{
    /// <summary>Client accounts, their keys, rate limits, and inbound messages (opt-outs, HELP).</summary>
    public static IServiceCollection AddClients(this IServiceCollection services)
    {
        services.AddScoped<ClientAdmin>();
        services.AddScoped<ApiKeys>();
        services.AddScoped<RateLimiter>();
        services.AddScoped<InboundMessages>();
        return services;
    }
}
