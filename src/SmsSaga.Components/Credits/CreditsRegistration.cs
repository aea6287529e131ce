using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SmsSaga.Components.Platform.Bus;

namespace SmsSaga.Components.Credits;

public static class CreditsRegistration
{
    /// <summary>Prices ("Pricing"), the ledger, and the hold groups of the HTTP path.</summary>
    public static IServiceCollection AddCredits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PricingOptions>().Bind(configuration.GetSection(PricingOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<CreditLedger>();
        services.AddSingleton<HoldGroups>();
        // Captures and releases are idempotent in themselves and publish nothing: their endpoints settle a batch in one
        // statement, with no inbox rows to write.
        services.AddSingleton(new NonTransactionalEndpoint(CaptureCreditConsumer.QueueName));
        services.AddSingleton(new NonTransactionalEndpoint(ReleaseCreditConsumer.QueueName));
        return services;
    }

    /// <summary>The saga's hold, capture and release consumers.</summary>
    public static void AddCreditConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<HoldCreditConsumer>();
        bus.AddConsumer<CaptureCreditConsumer>(Batched).Endpoint(e => Batch(e, CaptureCreditConsumer.QueueName));
        bus.AddConsumer<ReleaseCreditConsumer>(Batched).Endpoint(e => Batch(e, ReleaseCreditConsumer.QueueName));
    }

    /// <summary>Up to this many settlements in one statement.</summary>
    const int SettleBatch = 100;

    static void Batched<T>(IConsumerConfigurator<T> consumer) where T : class, IConsumer =>
        consumer.Options<BatchOptions>(o => o.SetMessageLimit(SettleBatch).SetTimeLimit(TimeSpan.FromMilliseconds(20)).SetConcurrencyLimit(2));

    // A batch can hold no more messages than the broker hands the endpoint at once.
    static void Batch(IEndpointRegistrationConfigurator endpoint, string queueName)
    {
        endpoint.Name = queueName;
        endpoint.PrefetchCount = 2 * SettleBatch;
    }
}
