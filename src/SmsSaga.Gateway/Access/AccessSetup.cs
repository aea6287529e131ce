namespace SmsSaga.Gateway.Access;

public static class AccessSetup
{
    /// <summary>
    /// The checks of the API's three keys: the operators' (<see cref="AdminKeyFilter"/>), the providers'
    /// (<see cref="ProviderKeyFilter"/>) and, made per request, the clients' (<see cref="ClientKeyFilter"/>); and the
    /// slowing of wrong ones (<see cref="FailedKeys"/>).
    /// </summary>
    public static IServiceCollection AddApiAccess(this IServiceCollection services)
    {
        services.AddSingleton<AdminKeyFilter>();
        services.AddSingleton<FailedKeys>();
        services.AddSingleton<ProviderKeyFilter>();
        return services;
    }
}
