using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmsSaga.Components.Platform.Persistence;

namespace SmsSaga.Cli;

/// <summary><c>smssaga migrate</c>: applies the EF Core migrations that the database lacks.</summary>
static class MigrateCommand
{
    public static Task<int> RunAsync(string[] args) =>
        CliHost.WithServices(async services =>
        {
            var db = services.GetRequiredService<SmsDbContext>();
            var pending = (await db.Database.GetPendingMigrationsAsync()).ToList();
            await db.Database.MigrateAsync();
            Console.WriteLine(pending.Count == 0
                ? "The database schema is up to date."
                : $"Applied {pending.Count} migration(s): {string.Join(", ", pending)}");
            return 0;
        });
}
