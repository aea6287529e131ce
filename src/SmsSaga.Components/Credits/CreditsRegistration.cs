using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace SmsSaga.Components.Credits;

public static class CreditsRegistration
{
    /// <summary>Prices ("Pricing"), the ledger, and the hold groups of the HTTP path.</summary>
    public static IServiceCollection AddCredits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PricingOptions>().Bind(configuration.GetSection(PricingOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<CreditLedger>();
        services.AddSingleton<HoldGroups>();
        return services;
    }

    /// <summary>The saga's hold, capture and release consumers.</summary>
    public static void AddCreditConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<HoldCreditConsumer>();
        bus.AddConsumer<CaptureCreditConsumer>();
        bus.AddConsumer<ReleaseCreditConsumer>();
    }
}
