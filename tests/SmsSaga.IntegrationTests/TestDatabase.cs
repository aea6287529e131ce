using Microsoft.EntityFrameworkCore;
using SmsSaga.Components.Platform.Persistence;

namespace SmsSaga.IntegrationTests;

/// <summary>A test's view of one PostgreSQL database: fresh schema on demand, and queries on a fresh context each.</summary>
public sealed class TestDatabase(string connectionString) : SmsSaga.Tests.ISmsDatabase
{
    public string ConnectionString { get; } = connectionString;

    /// <summary>Drops the database and applies every migration to a new one.</summary>
    public async Task Recreate()
    {
        await using var db = Open();
        await db.Database.EnsureDeletedAsync();
        await db.Database.MigrateAsync();
    }

    public async Task<T> Query<T>(Func<SmsDbContext, Task<T>> query)
    {
        await using var db = Open();
        return await query(db);
    }

    SmsDbContext Open() => new(new DbContextOptionsBuilder<SmsDbContext>().UseNpgsql(ConnectionString).Options);
}
