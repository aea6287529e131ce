using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SmsSaga.Components;
using SmsSaga.Components.Clients;
using SmsSaga.Components.Platform.Persistence;

namespace SmsSaga.IntegrationTests;

/// <summary>
/// The gateway's message-handling half (saga, consumers, simulator) in a real host against real PostgreSQL
/// and RabbitMQ, started once for the collection. The database is migrated from scratch first.
/// Simulator: 10% permanent refusals, fast answers and reports, 5% of reports before the acknowledgement.
/// </summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    IHost _host = null!;

    public IServiceProvider Services => _host.Services;

    public IBus Bus => Services.GetRequiredService<IBus>();

    public async Task InitializeAsync()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Sms"] = TestEnvironment.ConnectionString,
            ["RabbitMq:Host"] = "127.0.0.1",
            ["RabbitMq:VirtualHost"] = TestEnvironment.RabbitVirtualHost,
            ["RabbitMq:Username"] = "smssaga",
            ["RabbitMq:Password"] = "smssaga",
            ["RabbitMq:PrefetchCount"] = Environment.GetEnvironmentVariable("SMSSAGA_TEST_PREFETCH") ?? "32",
            ["Simulator:MinLatencyMs"] = "0",
            ["Simulator:MaxLatencyMs"] = "2",
            ["Simulator:PermanentFailureRate"] = "0.10",
            ["Simulator:TransientFailureRate"] = "0",
            ["Simulator:MinReportDelayMs"] = "0",
            ["Simulator:MaxReportDelayMs"] = "50",
            ["Simulator:DeliveredRate"] = "1.0",
            ["Simulator:ReportBeforeAckRate"] = "0.05",
            ["Simulator:ThrottledRecipients:0"] = RetryTests.Unreachable,
            ["Simulator:UnreportedRecipients:0"] = DeadlineTests.Unreported,
            ["Sms:DeadlineSweepInterval"] = "00:00:00.500",
            ["Sms:MaxAttempts"] = "3",
            ["Sms:RetryBaseDelay"] = "00:00:00.300",
            ["Sms:RetryMaxDelay"] = "00:00:01",
            ["Reconciliation:Grace"] = "00:00:05", // the tests run the sweep themselves
            ["Reconciliation:Interval"] = "01:00:00",
            ["Logging:LogLevel:Default"] = "Warning",
            ["BusWatchdog:ExitAfter"] = "00:00:00", // a gateway inside the test run must never end the run
        });
        builder.Services.AddDbContext<CounterDbContext>(o => o.UseNpgsql(TestEnvironment.ConnectionString));
        builder.Services.AddSmsSaga(builder.Configuration, x =>
        {
            x.AddConsumer<TerminalEventRecorder>();
            x.AddSaga<CounterSaga>().Endpoint(e => e.ConcurrentMessageLimit = 8).EfCoreRepository<CounterSaga, CounterDbContext>();
        });

        await Database.Recreate();
        await Database.Query(db => db.Database.ExecuteSqlRawAsync(CounterDbContext.Ddl));

        _host = builder.Build();
        await _host.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        // After every test of the collection: a message that faulted into an error queue is a defect nobody saw.
        await SmsSaga.Tests.ErrorQueues.AssertEmpty(TestEnvironment.RabbitVirtualHost);
    }

    /// <summary>A fresh client with <paramref name="credit"/>, named for the test that uses it.</summary>
    public async Task<string> NewClient(string prefix, decimal credit)
    {
        var id = $"{prefix}-{Guid.NewGuid():N}";
        await using var scope = Services.CreateAsyncScope();
        var admin = scope.ServiceProvider.GetRequiredService<ClientAdmin>();
        await admin.EnsureAsync(id, prefix, credit, CancellationToken.None);
        return id;
    }

    public async Task<T> QueryCounters<T>(Func<CounterDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<CounterDbContext>());
    }

    public TestDatabase Database { get; } = new(TestEnvironment.ConnectionString);

    public Task<T> Query<T>(Func<SmsDbContext, Task<T>> query) => Database.Query(query);
}

[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<GatewayFixture>
{
    public const string Name = "gateway";
}
