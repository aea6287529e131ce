using Microsoft.Extensions.Configuration;

namespace SmsSaga.Components.Platform.Hosting;

/// <summary>
/// What one gateway process runs, from configuration <c>Gateway:Roles</c> (<c>Api</c>, <c>Worker</c> or
/// <c>Api, Worker</c>, the default). An API instance serves HTTP and sends what it accepts through the bus outbox; a
/// worker consumes the bus (saga, credit, provider, callbacks), fires Quartz jobs and runs the background loops. Any
/// number of each can run against one database and broker.
/// </summary>
[Flags]
public enum HostRoles
{
    Api = 1,
    Worker = 2,
    All = Api | Worker,
}

public static class HostRolesConfiguration
{
    public const string Key = "Gateway:Roles";

    public static HostRoles GetHostRoles(this IConfiguration configuration)
    {
        var roles = configuration.GetValue(Key, HostRoles.All);
        if (roles == 0 || (roles & ~HostRoles.All) != 0)
            throw new InvalidOperationException($"{Key} must be Api, Worker or \"Api, Worker\" (was '{configuration[Key]}').");
        return roles;
    }
}
