using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SmsSaga.Components.Bus;
using SmsSaga.Components.Callbacks;
using SmsSaga.Components.Clients;
using SmsSaga.Components.Credits;
using SmsSaga.Components.Messaging;
using SmsSaga.Components.Persistence;
using SmsSaga.Components.Persistence.Outbox;
using SmsSaga.Components.Providers;
using SmsSaga.Components.Requests;
using SmsSaga.Components.Scheduling;
using SmsSaga.Components.StateMachines;

namespace SmsSaga.Components;

public static class SmsSagaRegistration
{
    public const string ConnectionStringName = "Sms";

    /// <summary>The database (<see cref="SmsDbContext"/> on the "Sms" connection string) and the credit ledger.</summary>
    public static IServiceCollection AddSmsDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(ConnectionStringName)
            ?? throw new InvalidOperationException($"Connection string '{ConnectionStringName}' is not set (ConnectionStrings__{ConnectionStringName}).");
        services.AddDbContext<SmsDbContext>(o => o.UseNpgsql(connectionString));
        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped<CreditLedger>();
        services.AddScoped<ClientAdmin>();
        services.AddScoped<ApiKeys>();
        services.AddScoped<RateLimiter>();
        return services;
    }

    /// <summary>Everything that handles messages: database, ledger, provider, options and the bus.</summary>
    public static IServiceCollection AddSmsSaga(this IServiceCollection services, IConfiguration configuration,
        Action<MassTransit.IBusRegistrationConfigurator>? configureBus = null)
    {
        services.AddSmsDatabase(configuration);
        services.AddOptions<SmsOptions>().Bind(configuration.GetSection(SmsOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SendWindowOptions>().Bind(configuration.GetSection(SendWindowOptions.SectionName));
        services.AddOptions<PricingOptions>().Bind(configuration.GetSection(PricingOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SimulatorOptions>().Bind(configuration.GetSection(SimulatorOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();

        services.AddSmsOutbox(configuration);
        services.AddSmsScheduling(configuration, configuration.GetConnectionString(ConnectionStringName)!);
        services.AddOptions<CallbackOptions>().Bind(configuration.GetSection(CallbackOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ProviderWebhookOptions>().Bind(configuration.GetSection(ProviderWebhookOptions.SectionName));
        services.AddOptions<IdempotencyOptions>().Bind(configuration.GetSection(IdempotencyOptions.SectionName));
        services.AddScoped<MessageIntake>();
        services.AddScoped<MessageLookup>();
        services.AddScoped<InboundMessages>();
        services.AddScoped<ProviderReports>();
        services.AddHostedService<ProviderReportMatcher>();
        services.AddSingleton<CallbackHttpClient>();
        services.AddScoped<ProviderAttemptJournal>();
        services.AddSingleton<ISmsProvider, SimulatorProvider>();
        services.AddHostedService<SimulatorReportPump>();

        services.AddSmsBus(configuration, configureBus);
        return services;
    }
}
