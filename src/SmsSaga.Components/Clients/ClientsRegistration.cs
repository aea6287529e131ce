using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace SmsSaga.Components.Clients;

public static class ClientsRegistration
{
    /// <summary>Client accounts, their keys, numbers and rate limits, and inbound messages (opt-outs, HELP).</summary>
    public static IServiceCollection AddClients(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<InboundOptions>().Bind(configuration.GetSection(InboundOptions.SectionName));
        services.AddScoped<ClientNumbers>();
        services.AddScoped<ClientAdmin>();
        services.AddScoped<ApiKeys>();
        services.AddScoped<RateLimiter>();
        services.AddScoped<InboundMessages>();
        return services;
    }
}
