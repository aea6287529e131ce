using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace SmsSaga.Components.Retention;

public static class RetentionRegistration
{
    /// <summary>How long personal data and records are kept ("Retention"); the clean-up runs in workers.</summary>
    public static IServiceCollection AddRetention(this IServiceCollection services, IConfiguration configuration, bool worker)
    {
        services.AddOptions<RetentionOptions>().Bind(configuration.GetSection(RetentionOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<RetentionCleanup>();
        if (worker)
            services.AddHostedService(provider => provider.GetRequiredService<RetentionCleanup>());
        return services;
    }
}
