using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SmsSaga.Components;

namespace SmsSaga.Cli;

/// <summary>
/// The services a database command needs, configured like the gateway: appsettings.json beside the
/// binary, then environment variables (ConnectionStrings__Sms).
/// </summary>
static class CliHost
{
    public static async Task<int> WithServices(Func<IServiceProvider, Task<int>> command)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
        builder.Services.AddSmsDatabase(builder.Configuration);
        await using var provider = builder.Services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        return await command(scope.ServiceProvider);
    }

    /// <summary>The value after <paramref name="name"/> ("--credit 100"), or null.</summary>
    public static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
