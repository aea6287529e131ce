using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace SmsSaga.Components.Dispatch;

public static class DispatchRegistration
{
    /// <summary>
    /// The provider (the simulator, "Simulator"), its attempts and reports ("ProviderWebhook"); in a worker, the loops that
    /// match stored reports to messages and that play the simulator's reports back.
    /// </summary>
    public static IServiceCollection AddDispatch(this IServiceCollection services, IConfiguration configuration, bool worker)
    {
        services.AddOptions<SimulatorOptions>().Bind(configuration.GetSection(SimulatorOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ProviderWebhookOptions>().Bind(configuration.GetSection(ProviderWebhookOptions.SectionName));
        services.AddScoped<ProviderReports>();
        services.AddScoped<ProviderAttemptJournal>();
        services.AddSingleton<ISmsProvider, SimulatorProvider>();
        if (worker)
        {
            services.AddHostedService<ProviderReportMatcher>();
            services.AddHostedService<SimulatorReportPump>();
        }

        return services;
    }

    /// <summary>The consumer that hands each attempt to the provider.</summary>
    public static void AddDispatchConsumers(this IBusRegistrationConfigurator bus) => bus.AddConsumer<SubmitSmsConsumer>();
}
