using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmsSaga.Components.Platform.Outbox;

namespace SmsSaga.Components.Platform.Bus;

public static class BusRegistration
{
    /// <summary>
    /// MassTransit on RabbitMQ with the sagas and consumers <paramref name="features"/> add. Each endpoint retries transient
    /// failures (optimistic-concurrency conflicts, a database blink) with backoff, and runs its consumers
    /// behind the transactional inbox/outbox, so a failed attempt publishes nothing and a redelivered message
    /// is not consumed twice. Without <paramref name="worker"/> the bus only sends: no queue is consumed.
    /// </summary>
    /// <param name="scheduler">Where the bus's message scheduler sends what is to be delivered later (the scheduler bridge's queue).</param>
    /// <param name="features">Adds the features' sagas and consumers (and the scheduler bridge's).</param>
    public static IServiceCollection AddSmsBus(this IServiceCollection services, IConfiguration configuration, bool worker, Uri scheduler,
        Action<IBusRegistrationConfigurator> features)
    {
        services.AddOptions<RabbitMqOptions>().Bind(configuration.GetSection(RabbitMqOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<MassTransitHostOptions>().Configure(o => o.WaitUntilStarted = true);

        var heartbeat = new BusHeartbeat();
        if (worker)
        {
            services.AddOptions<BusWatchdogOptions>().Bind(configuration.GetSection(BusWatchdogOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
            services.AddSingleton(heartbeat);
            services.AddSingleton(new NonTransactionalEndpoint(heartbeat.QueueName));
            services.AddHostedService<BusWatchdog>();
            services.AddReceiveObserver<InFlightReceives>();
            services.AddSingleton<ErrorQueueDepths>();
            services.AddHostedService(provider => provider.GetRequiredService<ErrorQueueDepths>());
            services.AddReceiveEndpointObserver(provider => provider.GetRequiredService<ErrorQueueDepths>());
        }

        services.AddMassTransit(x =>
        {
            x.DisableUsageTelemetry();
            x.SetKebabCaseEndpointNameFormatter();

            features(x);
            if (worker)
                x.AddConsumer<BusProbeConsumer>().Endpoint(e =>
                {
                    e.Name = heartbeat.QueueName;
                    e.Temporary = true;
                });

            x.AddConfigureEndpointsCallback((context, name, endpoint) =>
            {
                // Outermost: the database (or the broker, for a send) is away. Every 5 s for half an hour: an outage of minutes leaves the message
                // waiting, unacknowledged, instead of in *_error (readiness says not ready meanwhile).
                endpoint.UseMessageRetry(r =>
                {
                    r.Handle<Exception>(TransientFailures.IsOutage);
                    r.Interval(DatabaseOutageRetries, TimeSpan.FromSeconds(5));
                    r.ConnectRetryObserver(new RetriesAreProgress(heartbeat)); // a message waiting out an outage is not stuck
                });
                // Innermost: a lost race on a row. At once, then backing off to 10 s.
                endpoint.UseMessageRetry(r =>
                {
                    r.Handle<Exception>(TransientFailures.IsConflict);
                    r.Exponential(20, TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100));
                });
                // Every endpoint is transactional but those a feature declares otherwise (NonTransactionalEndpoint):
                // they hold their publishes in memory until the consumer has finished.
                if (context.GetServices<NonTransactionalEndpoint>().Any(e => e.QueueName == name))
                    endpoint.UseInMemoryOutbox(context);
                else
                    endpoint.UseSmsOutbox(context);
            });

            x.UsingRabbitMq((context, cfg) =>
            {
                var rabbit = context.GetRequiredService<IOptions<RabbitMqOptions>>().Value;
                rabbit.Apply(cfg);
                cfg.PrefetchCount = rabbit.PrefetchCount;
                cfg.UseMessageScheduler(scheduler);
                if (worker)
                    cfg.ConfigureEndpoints(context);
            });
        });
        return services;
    }

    /// <summary>Half an hour at one try every 5 s.</summary>
    const int DatabaseOutageRetries = 360;
}

/// <summary>
/// A queue whose consumers run without the database inbox/outbox: one that writes nothing of its own, or must not hold a
/// transaction open (an HTTP call). A feature registers one per queue as a singleton.
/// </summary>
public sealed record NonTransactionalEndpoint(string QueueName);
