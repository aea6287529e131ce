using Microsoft.Extensions.DependencyInjection;

namespace SmsSaga.Components.Support;

public static class SupportRegistration
{
    /// <summary>What clients and support staff read: messages, their timelines and attempts.</summary>
    public static IServiceCollection AddSupport(this IServiceCollection services) => services.AddScoped<MessageLookup>();
}
