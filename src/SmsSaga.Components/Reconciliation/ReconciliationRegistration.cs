using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace SmsSaga.Components.Reconciliation;

public static class ReconciliationRegistration
{
    /// <summary>The settings ("Reconciliation"), the hold reconciliation and the stuck-message listing.</summary>
    public static IServiceCollection AddReconciliation(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ReconciliationOptions>().Bind(configuration.GetSection(ReconciliationOptions.SectionName))
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<HoldReconciliation>();
        services.AddScoped<StuckMessages>();
        return services;
    }

    /// <summary>The sweep's job and its repeating trigger, in the clustered Quartz store.</summary>
    public static void AddReconciliationJob(this IQuartzBuilder quartz, IConfiguration configuration)
    {
        var interval = configuration.GetSection(ReconciliationOptions.SectionName).Get<ReconciliationOptions>()?.Interval
                       ?? new ReconciliationOptions().Interval;
        quartz.AddJob<ReconciliationJob>(job => job.WithIdentity(ReconciliationJob.Key).StoreDurably());
        quartz.AddTrigger(trigger => trigger.ForJob(ReconciliationJob.Key).WithIdentity("reconciliation", "smssaga")
            .StartAt(DateTimeOffset.UtcNow + interval)
            .WithSimpleSchedule(s => s.WithInterval(interval).RepeatForever()));
    }
}
