using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using SmsSaga.Components.Bus;
using SmsSaga.Components.Callbacks;
using SmsSaga.Components.Clients;
using SmsSaga.Components.Credits;
using SmsSaga.Components.Hosting;
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
        // Pooled: a request or a consumed message takes a context from the pool instead of building one (and its EF
        // services) each time.
        services.AddDbContextPool<SmsDbContext>(o => o.UseNpgsql(connectionString));
        services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped<CreditLedger>();
        services.AddScoped<ClientAdmin>();
        services.AddScoped<ApiKeys>();
        services.AddScoped<RateLimiter>();
        return services;
    }

    /// <summary>
    /// Everything that handles messages: database, ledger, provider, options and the bus. What runs in the background
    /// follows the process's <see cref="HostRoles"/>: the bus outbox delivery always, the consumers, Quartz and the
    /// loops only in a worker.
    /// </summary>
    public static IServiceCollection AddSmsSaga(this IServiceCollection services, IConfiguration configuration,
        Action<MassTransit.IBusRegistrationConfigurator>? configureBus = null)
    {
        var worker = configuration.GetHostRoles().HasFlag(HostRoles.Worker);
        services.AddSmsDatabase(configuration);
        services.AddOptions<SmsOptions>().Bind(configuration.GetSection(SmsOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SendWindowOptions>().Bind(configuration.GetSection(SendWindowOptions.SectionName));
        services.AddOptions<PricingOptions>().Bind(configuration.GetSection(PricingOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SimulatorOptions>().Bind(configuration.GetSection(SimulatorOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();

        services.AddSmsOutbox(configuration, worker);
        services.AddSmsScheduling(configuration, configuration.GetConnectionString(ConnectionStringName)!, worker);
        services.AddOptions<CallbackOptions>().Bind(configuration.GetSection(CallbackOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ProviderWebhookOptions>().Bind(configuration.GetSection(ProviderWebhookOptions.SectionName));
        services.AddOptions<IdempotencyOptions>().Bind(configuration.GetSection(IdempotencyOptions.SectionName));
        services.AddScoped<MessageIntake>();
        services.AddSingleton<HoldGroups>();
        services.AddScoped<MessageLookup>();
        services.AddScoped<InboundMessages>();
        services.AddScoped<ProviderReports>();
        services.AddSingleton<CallbackHttpClient>();
        services.AddScoped<ProviderAttemptJournal>();
        services.AddSingleton<ISmsProvider, SimulatorProvider>();
        if (worker)
        {
            services.AddHostedService<StaleBindings>(); // before the bus
            services.AddHostedService<ProviderReportMatcher>();
            services.AddHostedService<SimulatorReportPump>();
        }

        services.AddSmsBus(configuration, worker, configureBus);
        return services;
    }
}
