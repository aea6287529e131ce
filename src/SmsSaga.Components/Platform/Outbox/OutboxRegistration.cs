using MassTransit;
using MassTransit.Configuration;
using MassTransit.Middleware;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SmsSaga.Components.Platform.Persistence;

namespace SmsSaga.Components.Platform.Outbox;

public static class OutboxRegistration
{
    /// <summary>The bus outbox and its delivery loop; the clean-up of old inbox records in a worker.</summary>
    public static IServiceCollection AddSmsOutbox(this IServiceCollection services, IConfiguration configuration, bool worker)
    {
        services.AddOptions<OutboxOptions>().Bind(configuration.GetSection(OutboxOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<IOutboxContextFactory<SmsDbContext>, PostgresOutboxContextFactory>();
        services.AddSingleton<DeliveredInboxes>();
        services.AddHostedService(provider => provider.GetRequiredService<DeliveredInboxes>());
        if (worker)
            services.AddHostedService<OutboxCleanupService>();
        services.AddScoped<BusOutbox>();
        services.AddHostedService<BusOutboxDeliveryService>();
        return services;
    }

    /// <summary>
    /// Puts every consumer and saga of the endpoint behind the transactional inbox/outbox: MassTransit's
    /// outbox consume filter with <see cref="PostgresOutboxContextFactory"/>.
    /// </summary>
    public static void UseSmsOutbox(this IReceiveEndpointConfigurator endpoint, IRegistrationContext context)
    {
        var observer = new OutboxConsumePipeSpecificationObserver<SmsDbContext>(endpoint, context) { MessageDeliveryLimit = 100 };
        endpoint.ConnectConsumerConfigurationObserver(observer);
        endpoint.ConnectSagaConfigurationObserver(observer);
    }
}
