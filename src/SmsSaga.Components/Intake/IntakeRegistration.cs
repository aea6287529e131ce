using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SmsSaga.Components.Platform.Bus;

namespace SmsSaga.Components.Intake;

public static class IntakeRegistration
{
    /// <summary>
    /// The HTTP path's intake and the bus intake queues, which run without the database outbox: what each writes is
    /// idempotent in itself (the send's hold is keyed by the message id, which derives from client and key), and so is its
    /// one publish downstream (a request, cancel or replay repeated changes nothing), while plain-JSON publishers may send
    /// no message id to de-duplicate on.
    /// </summary>
    public static IServiceCollection AddIntake(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BusSenderOptions>().Bind(configuration.GetSection(BusSenderOptions.SectionName));
        services.AddSingleton<BusSenders>();
        services.AddOptions<BusLimitOptions>().Bind(configuration.GetSection(BusLimitOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<BusLimit>();
        services.AddScoped<SmsAdmission>();
        services.AddScoped<MessageIntake>();
        foreach (var queue in (string[])[SendSmsConsumerDefinition.QueueName, CancelSmsConsumerDefinition.QueueName, ReplaySmsConsumerDefinition.QueueName, AdmitSmsConsumer.QueueName])
            services.AddSingleton(new NonTransactionalEndpoint(queue));
        return services;
    }

    /// <summary>The three public commands' consumers (SendSms, CancelSms, ReplaySms) and the admission of a SendSms put off by its client's bus rate.</summary>
    public static void AddIntakeConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<SendSmsConsumer, SendSmsConsumerDefinition>();
        bus.AddConsumer<CancelSmsConsumer, CancelSmsConsumerDefinition>();
        bus.AddConsumer<ReplaySmsConsumer, ReplaySmsConsumerDefinition>();
        bus.AddConsumer<AdmitSmsConsumer, AdmitSmsConsumerDefinition>();
    }
}
