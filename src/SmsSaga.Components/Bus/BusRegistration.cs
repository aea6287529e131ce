using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmsSaga.Components.Callbacks;
using SmsSaga.Components.Consumers;
using SmsSaga.Components.Persistence;
using SmsSaga.Components.Persistence.Outbox;
using SmsSaga.Components.Scheduling;
using SmsSaga.Components.StateMachines;

namespace SmsSaga.Components.Bus;

public static class BusRegistration
{
    /// <summary>
    /// MassTransit on RabbitMQ with the message saga and every consumer. Each endpoint retries transient
    /// failures (optimistic-concurrency conflicts, a database blink) with backoff, and runs its consumers
    /// behind the transactional inbox/outbox, so a failed attempt publishes nothing and a redelivered message
    /// is not consumed twice. Without <paramref name="worker"/> the bus only sends: no queue is consumed.
    /// </summary>
    public static IServiceCollection AddSmsBus(this IServiceCollection services, IConfiguration configuration, bool worker,
        Action<IBusRegistrationConfigurator>? configure = null)
    {
        services.AddOptions<RabbitMqOptions>().Bind(configuration.GetSection(RabbitMqOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<MassTransitHostOptions>().Configure(o => o.WaitUntilStarted = true);

        services.AddMassTransit(x =>
        {
            x.DisableUsageTelemetry();
            x.SetKebabCaseEndpointNameFormatter();

            x.AddSagaStateMachine<SmsStateMachine, SmsState, SmsStateDefinition>().EfCoreRepository<SmsState, SmsDbContext>();
            x.AddConsumer<SendSmsConsumer, SendSmsConsumerDefinition>();
            x.AddConsumer<CancelSmsConsumer, CancelSmsConsumerDefinition>();
            x.AddConsumer<ReplaySmsConsumer, ReplaySmsConsumerDefinition>();
            x.AddConsumer<HoldCreditConsumer>();
            x.AddConsumer<CaptureCreditConsumer>();
            x.AddConsumer<ReleaseCreditConsumer>();
            x.AddConsumer<SubmitSmsConsumer>();
            x.AddConsumer<StatusCallbackConsumer>().Endpoint(e => e.Name = StatusCallbackConsumer.QueueName);
            x.AddSmsSchedulerEndpoint(SchedulerQueue(configuration));
            configure?.Invoke(x);

            x.AddConfigureEndpointsCallback((context, name, endpoint) =>
            {
                endpoint.UseMessageRetry(r =>
                {
                    r.Handle<Exception>(TransientFailures.IsTransient);
                    // Long enough to ride out a database restart (about a minute in all), short enough to free the
                    // endpoint for a message that can never succeed.
                    r.Exponential(20, TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100));
                });
                // The intake endpoints write nothing and their one publish is idempotent downstream (the message id
                // is derived from client and key; a cancel or replay repeated changes nothing), and plain-JSON publishers
                // may send no message id to de-duplicate on: each holds its publish in memory until it has finished. The callback endpoint makes an HTTP call
                // that may take seconds, which must not hold a database transaction (and a pooled connection) open;
                // callbacks are at least once anyway. Every other endpoint is transactional.
                if (name == StatusCallbackConsumer.QueueName || PlainJsonConsumerDefinition<SendSmsConsumer>.Queues.Contains(name))
                    endpoint.UseInMemoryOutbox(context);
                else
                    endpoint.UseSmsOutbox(context);
            });

            x.UsingRabbitMq((context, cfg) =>
            {
                var rabbit = context.GetRequiredService<IOptions<RabbitMqOptions>>().Value;
                rabbit.Apply(cfg);
                cfg.PrefetchCount = rabbit.PrefetchCount;
                cfg.UseMessageScheduler(new Uri($"queue:{SchedulerQueue(configuration)}"));
                if (worker)
                    cfg.ConfigureEndpoints(context);
            });
        });
        return services;
    }

    static string SchedulerQueue(IConfiguration configuration) =>
        configuration.GetSection(SchedulingOptions.SectionName).Get<SchedulingOptions>()?.QueueName ?? new SchedulingOptions().QueueName;
}
