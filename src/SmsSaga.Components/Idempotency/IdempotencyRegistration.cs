using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace SmsSaga.Components.Idempotency;

public static class IdempotencyRegistration
{
    /// <summary>The HTTP idempotency records' window, and in a worker their clean-up once it has passed.</summary>
    public static IServiceCollection AddIdempotency(this IServiceCollection services, IConfiguration configuration, bool worker)
    {
        services.AddOptions<IdempotencyOptions>().Bind(configuration.GetSection(IdempotencyOptions.SectionName));
        if (worker)
            services.AddHostedService<IdempotencyRecordCleanup>();
        return services;
    }
}
