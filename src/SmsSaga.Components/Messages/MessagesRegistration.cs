using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SmsSaga.Components.Platform.Persistence;
using SmsSaga.Components.Text;

namespace SmsSaga.Components.Messages;

public static class MessagesRegistration
{
    /// <summary>
    /// The saga's settings ("Sms") and the send windows it keeps marketing inside ("SendWindows"); in a worker, the sweep
    /// of messages past their deadline.
    /// </summary>
    public static IServiceCollection AddMessages(this IServiceCollection services, IConfiguration configuration, bool worker)
    {
        if (worker)
            services.AddHostedService<SmsDeadlineSweep>();
        services.AddOptions<SmsOptions>().Bind(configuration.GetSection(SmsOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SendWindowOptions>().Bind(configuration.GetSection(SendWindowOptions.SectionName));
        return services;
    }

    /// <summary>The message saga, persisted in <see cref="SmsDbContext"/>.</summary>
    public static void AddMessageSaga(this IBusRegistrationConfigurator bus) =>
        bus.AddSagaStateMachine<SmsStateMachine, SmsState, SmsStateDefinition>().EfCoreRepository<SmsState, SmsDbContext>();
}
