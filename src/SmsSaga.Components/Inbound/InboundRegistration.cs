using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace SmsSaga.Components.Inbound;

public static class InboundRegistration
{
    /// <summary>Inbound (mobile-originated) messages: opt-outs, opt-ins and HELP replies.</summary>
    public static IServiceCollection AddInbound(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<InboundOptions>().Bind(configuration.GetSection(InboundOptions.SectionName));
        services.AddScoped<InboundMessages>();
        return services;
    }
}
