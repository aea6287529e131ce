using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace SmsSaga.Components.Platform.Scheduling;

public static class SchedulingRegistration
{
    /// <summary>
    /// Quartz.NET with its job store in the gateway's PostgreSQL (tables from the Initial migration),
    /// clustered so that every gateway instance shares the jobs and a job fires on one of them. <paramref name="jobs"/>: the
    /// features' own recurring jobs. The scheduler runs in
    /// workers only, on the container's <see cref="TimeProvider"/>: the clock the saga plans its timers with.
    /// </summary>
    public static IServiceCollection AddSmsScheduling(this IServiceCollection services, IConfiguration configuration, string connectionString,
        bool worker, Action<IQuartzBuilder>? jobs = null)
    {
        services.AddOptions<SchedulingOptions>().Bind(configuration.GetSection(SchedulingOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        var settings = SchedulingOptions.From(configuration);

        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(o =>
            {
                o.InstanceName = "SmsSaga";
                o.GenerateInstanceId = true;
                o.IdleWaitTime = settings.IdleWaitTime;
            });
            q.UsePersistentStore(store =>
            {
                store.ConfigureStore(o =>
                {
                    o.StoreJobDataAsStrings = true;
                    o.SchemaProvisioning = SchemaProvisioning.Validate; // the tables come from the Initial migration
                });
                store.UsePostgres(connectionString);
                store.UseSystemTextJsonSerializer(_ => { });
                store.UseClustering(c =>
                {
                    c.Enabled = true;
                    c.CheckinInterval = settings.ClusterCheckinInterval;
                });
            });
            q.AddJob<ScheduledMessageJob>(job => job.WithIdentity(ScheduledMessageJob.Key).StoreDurably().RequestRecovery());
            jobs?.Invoke(q);
        });
        if (worker)
            services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
    }

    /// <summary>The bridge's consumers on the scheduler queue, and the bus's scheduler pointed at it.</summary>
    public static void AddSmsSchedulerEndpoint(this IBusRegistrationConfigurator bus, SchedulingOptions settings)
    {
        bus.AddMessageScheduler(settings.QueueAddress);
        bus.AddConsumer<ScheduleMessageConsumer>().Endpoint(e => e.Name = settings.QueueName);
        bus.AddConsumer<CancelScheduledMessageConsumer>().Endpoint(e => e.Name = settings.QueueName);
    }
}
