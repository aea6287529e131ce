using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SmsSaga.Components.Messages;
using SmsSaga.Components.Platform.Bus;

namespace SmsSaga.Components.Callbacks;

public static class CallbacksRegistration
{
    /// <summary>
    /// Status callbacks ("Callbacks"). Their endpoint runs without the database outbox: an HTTP call may take seconds, which
    /// must not hold a transaction (and a pooled connection) open; callbacks are at least once anyway.
    /// </summary>
    public static IServiceCollection AddCallbacks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CallbackOptions>().Bind(configuration.GetSection(CallbackOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<CallbackDestinations>();
        services.AddSingleton<CallbackHttpClient>();
        services.AddSingleton<CallbackSlots>();
        services.AddSingleton(new NonTransactionalEndpoint(StatusCallbackConsumer.QueueName));
        return services;
    }

    /// <summary>
    /// The callback consumer. Its queue is bound to no event exchange: the saga sends it the statuses of the messages that
    /// notify, and nothing else (<see cref="StatusNotifications"/>).
    /// </summary>
    public static void AddCallbackConsumers(this IBusRegistrationConfigurator bus, IConfiguration configuration)
    {
        var concurrency = configuration.GetSection(CallbackOptions.SectionName).Get<CallbackOptions>()?.Concurrency ?? new CallbackOptions().Concurrency;
        bus.AddConsumer<StatusCallbackConsumer>().Endpoint(e =>
        {
            e.Name = StatusCallbackConsumer.QueueName;
            e.ConfigureConsumeTopology = false;
            e.PrefetchCount = concurrency; // posting is waiting: as many at once as the options say, not the bus's default
            e.ConcurrentMessageLimit = concurrency;
        });
    }
}
