using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace SmsSaga.IntegrationTests;

/// <summary>Adds one to <see cref="CounterSaga.Count"/>: a lost update would show as a short count.</summary>
public record Increment(Guid CorrelationId) : CorrelatedBy<Guid>;

/// <summary>A minimal saga to put the EF Core saga repository under concurrent updates of one row.</summary>
public class CounterSaga : ISaga, InitiatedByOrOrchestrates<Increment>
{
    public Guid CorrelationId { get; set; }
    public int Count { get; set; }
    public uint Version { get; set; }

    public Task Consume(ConsumeContext<Increment> context)
    {
        Count++;
        return Task.CompletedTask;
    }
}

public class CounterDbContext(DbContextOptions<CounterDbContext> options) : DbContext(options)
{
    public const string Ddl = """
        DROP SCHEMA IF EXISTS repository_tests CASCADE;
        CREATE SCHEMA repository_tests;
        CREATE TABLE repository_tests.counters (id uuid PRIMARY KEY, count integer NOT NULL);
        """;

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<CounterSaga>(b =>
        {
            b.ToTable("counters", "repository_tests");
            b.HasKey(x => x.CorrelationId);
            b.Property(x => x.CorrelationId).HasColumnName("id").ValueGeneratedNever();
            b.Property(x => x.Count).HasColumnName("count");
            b.Property(x => x.Version).IsRowVersion();
        });
}
