using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SmsSaga.Components.Callbacks;
using SmsSaga.Components.Clients;
using SmsSaga.Components.Credits;
using SmsSaga.Components.Dispatch;
using SmsSaga.Components.Idempotency;
using SmsSaga.Components.Inbound;
using SmsSaga.Components.Intake;
using SmsSaga.Components.Messages;
using SmsSaga.Components.Platform.Bus;
using SmsSaga.Components.Platform.Hosting;
using SmsSaga.Components.Platform.Outbox;
using SmsSaga.Components.Platform.Persistence;
using SmsSaga.Components.Platform.Scheduling;
using SmsSaga.Components.Reconciliation;
using SmsSaga.Components.Retention;
using SmsSaga.Components.Support;

namespace SmsSaga.Components;

/// <summary>
/// The composition root: the one place that knows every feature and the platform, and puts them together. See
/// docs/architecture.md.
/// </summary>
public static class SmsSagaRegistration
{
    /// <summary>The database, clients and the credit ledger: what the CLI needs.</summary>
    public static IServiceCollection AddSmsDatabase(this IServiceCollection services, IConfiguration configuration) =>
        services.AddSmsPersistence(configuration).AddClients().AddCredits(configuration);

    /// <summary>
    /// Everything that handles messages: database, features, the outbox, the scheduler and the bus. What runs in the
    /// background follows the process's <see cref="HostRoles"/>: the bus outbox delivery always, the consumers, Quartz and
    /// the loops only in a worker.
    /// </summary>
    /// <param name="configureBus">More sagas and consumers on the same bus (tests).</param>
    public static IServiceCollection AddSmsSaga(this IServiceCollection services, IConfiguration configuration,
        Action<IBusRegistrationConfigurator>? configureBus = null)
    {
        var worker = configuration.GetHostRoles().HasFlag(HostRoles.Worker);
        services.AddSmsDatabase(configuration)
            .AddMessages(configuration, worker)
            .AddIdempotency(configuration, worker)
            .AddIntake(configuration)
            .AddInbound(configuration)
            .AddDispatch(configuration, worker)
            .AddCallbacks(configuration)
            .AddSupport()
            .AddReconciliation(configuration)
            .AddRetention(configuration, worker)
            .AddSmsOutbox(configuration, worker)
            .AddSmsScheduling(configuration, configuration.ConnectionString(), worker, q => q.AddReconciliationJob(configuration));
        if (worker)
            services.AddHostedService<StaleBindings>(); // before the bus

        var scheduling = SchedulingOptions.From(configuration);
        services.AddSmsBus(configuration, worker, scheduling.QueueAddress, bus =>
        {
            bus.AddSmsSchedulerEndpoint(scheduling);
            bus.AddMessageSaga();
            bus.AddIntakeConsumers();
            bus.AddCreditConsumers();
            bus.AddDispatchConsumers();
            bus.AddCallbackConsumers(configuration);
            configureBus?.Invoke(bus);
        });
        return services;
    }
}
