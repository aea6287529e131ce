using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace SmsSaga.Components.Platform.Persistence;

/// <summary>
/// For <c>dotnet ef migrations add</c> only: the tool builds the model without starting a host. The
/// connection string is never opened for adding a migration; SMSSAGA_DESIGN_CONNECTION overrides it.
/// </summary>
public sealed class SmsDbContextDesignFactory : IDesignTimeDbContextFactory<SmsDbContext>
{
    public SmsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SmsDbContext>()
            .UseNpgsql(Environment.GetEnvironmentVariable("SMSSAGA_DESIGN_CONNECTION")
                ?? "Host=127.0.0.1;Database=smssaga;Username=smssaga;Password=smssaga")
            .Options);
}
