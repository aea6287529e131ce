using Microsoft.EntityFrameworkCore;

namespace SmsSaga.Components.Platform.Persistence;

/// <summary>
/// The one database of the gateway: sagas and their history, the credit ledger, provider attempts, and what the API keeps.
/// It names no feature: its model is every <see cref="IEntityTypeConfiguration{TEntity}"/> map in this assembly, each beside
/// its entity in the feature that owns it, and each feature names its own sets (<c>Messages/MessageTables.cs</c>,
/// <c>Clients/ClientTables.cs</c>, …) as extension properties over <see cref="DbContext.Set{TEntity}()"/>.
/// </summary>
public class SmsDbContext(DbContextOptions<SmsDbContext> options) : DbContext(options)
{
    /// <summary>
    /// Every instant is written and compared in UTC, whatever offset it carries: PostgreSQL's <c>timestamptz</c> keeps no
    /// offset, and Npgsql refuses any but zero. Values read back are UTC too.
    /// </summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcInstantConverter>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(SmsDbContext).Assembly);
}
