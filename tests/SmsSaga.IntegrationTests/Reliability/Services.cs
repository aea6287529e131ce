using System.Diagnostics;

namespace SmsSaga.IntegrationTests.Reliability;

/// <summary>Stops and starts the machine's real PostgreSQL and RabbitMQ (as scripts/dev-up.sh runs them).</summary>
static class Services
{
    public static Task StopRabbitMq() => Run("service", "rabbitmq-server", "stop");

    public static async Task StartRabbitMq()
    {
        await Run("service", "rabbitmq-server", "start");
        await Run("rabbitmqctl", "-q", "await_startup");
    }

    public static async Task StopPostgres() => await Run("pg_ctlcluster", await PostgresVersion(), "main", "stop", "-m", "fast");

    public static async Task StartPostgres() => await Run("pg_ctlcluster", await PostgresVersion(), "main", "start");

    /// <summary>An empty virtual host: no queue or message of an earlier run.</summary>
    public static async Task ResetVirtualHost(string name)
    {
        await Run("bash", "-c", $"rabbitmqctl -q delete_vhost {name} >/dev/null 2>&1; true");
        await Run("rabbitmqctl", "-q", "add_vhost", name);
        await Run("rabbitmqctl", "-q", "set_permissions", "-p", name, "smssaga", ".*", ".*", ".*");
    }

    static async Task<string> PostgresVersion() => (await Run("pg_lsclusters", "-h")).Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];

    /// <summary>Runs a command as root (through sudo when the tests are not root); fails the test if it fails.</summary>
    static async Task<string> Run(string command, params string[] args)
    {
        var root = Environment.UserName == "root";
        var start = new ProcessStartInfo(root ? command : "sudo", root ? args : [command, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{command} {string.Join(' ', args)} failed ({process.ExitCode}): {error}");
        return output;
    }
}
