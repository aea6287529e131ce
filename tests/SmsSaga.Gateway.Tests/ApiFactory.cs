using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmsSaga.Components.Platform.Persistence;

namespace SmsSaga.Gateway.Tests;

/// <summary>
/// The whole gateway (API, saga, consumers, simulator) in process through <see cref="WebApplicationFactory{TEntryPoint}"/>,
/// on a real PostgreSQL database (<c>smssaga_api_test</c>, migrated from scratch) and RabbitMQ virtual host
/// (<c>smssaga_api_test</c>), as scripts/dev-up.sh creates them.
/// </summary>
public class ApiFactory : WebApplicationFactory<Program>, IAsyncLifetime, SmsSaga.Tests.ISmsDatabase
{
    public const string AdminKey = "test-admin-key";
    public const string ProviderKey = "test-provider-key";
    public const string OtherProviderKey = "test-other-provider-key";

    /// <summary>The one client the upstream broker user may send for.</summary>
    public const string UpstreamClient = "upstream-client";

    /// <summary>The one client with a rate on the bus: 4 a second, 2 at once (BusLimitTests).</summary>
    public const string BusLimitedClient = "bus-limited-client";

    /// <summary>The simulator refuses every message to this number for good: it goes Failed, never Sent.</summary>
    public const string RejectedRecipient = "+447911123494";

    public static string ConnectionString =>
        Environment.GetEnvironmentVariable("SMSSAGA_API_TEST_DB")
        ?? "Host=127.0.0.1;Port=5432;Database=smssaga_api_test;Username=smssaga;Password=smssaga;SSL Mode=Disable;Maximum Pool Size=60;Max Auto Prepare=64;Auto Prepare Min Usages=2";

    /// <summary>This gateway's database; each factory has its own, with its own Quartz cluster.</summary>
    public virtual string Database => ConnectionString;

    /// <summary>This gateway's RabbitMQ virtual host.</summary>
    public virtual string VirtualHost => Environment.GetEnvironmentVariable("SMSSAGA_API_TEST_VHOST") ?? "smssaga_api_test";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Sms", Database);
        builder.UseSetting("RabbitMq:VirtualHost", VirtualHost);
        builder.UseSetting("Api:AdminKey", AdminKey);
        builder.UseSetting("Api:RatePerSecond", "1000");
        builder.UseSetting("Api:Burst", "1000");
        builder.UseSetting("Api:MaxRequestBodyBytes", "262144");
        builder.UseSetting("Api:FreeKeyFailures", "1000000"); // every request here comes from one address (FailedKeysTests)
        builder.UseSetting("ProviderWebhooks:Keys:simulator", ProviderKey);
        builder.UseSetting("ProviderWebhooks:Keys:other", OtherProviderKey); // a second provider, which sends nothing
        builder.UseSetting("Simulator:MinLatencyMs", "0");
        builder.UseSetting("Simulator:MaxLatencyMs", "2");
        builder.UseSetting("Simulator:TransientFailureRate", "0");
        builder.UseSetting("Simulator:PermanentFailureRate", "0");
        builder.UseSetting("Simulator:MinReportDelayMs", "0");
        builder.UseSetting("Simulator:MaxReportDelayMs", "50");
        builder.UseSetting("Simulator:DeliveredRate", "1.0");
        builder.UseSetting("Callbacks:RetryBaseDelay", "00:00:00.200");
        builder.UseSetting("Callbacks:RetryMaxDelay", "00:00:00.500");
        builder.UseSetting("Callbacks:Timeout", "00:00:01");
        builder.UseSetting("Callbacks:AllowPrivateNetworks", "true"); // the receivers here listen on loopback
        builder.UseSetting("Callbacks:MaxInFlightPerClient", "2");
        builder.UseSetting("BusWatchdog:ErrorQueueDepthInterval", "00:00:01");
        builder.UseSetting($"BusSenders:Users:{TestBroker.UpstreamUser}:0", UpstreamClient);
        builder.UseSetting("Simulator:RejectedRecipients:0", RejectedRecipient);
        builder.UseSetting($"BusLimit:Clients:{BusLimitedClient}:RatePerSecond", "4");
        builder.UseSetting($"BusLimit:Clients:{BusLimitedClient}:Burst", "2");
        builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
        builder.UseSetting("BusWatchdog:ExitAfter", "00:00:00"); // a gateway inside the test run must never end the run
    }

    public async Task InitializeAsync()
    {
        await using var db = new SmsDbContext(new DbContextOptionsBuilder<SmsDbContext>().UseNpgsql(Database).Options);
        await db.Database.EnsureDeletedAsync();
        await db.Database.MigrateAsync();
        _ = Server; // start the host (and the bus) once, before the tests
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        // After every test of the collection: a message that faulted into an error queue is a defect nobody saw.
        await SmsSaga.Tests.ErrorQueues.AssertEmpty(VirtualHost);
    }

    public HttpClient Admin()
    {
        var http = CreateClient();
        http.DefaultRequestHeaders.Add("X-Admin-Key", AdminKey);
        return http;
    }

    /// <summary>A new client with <paramref name="credit"/> and an HTTP client that sends its API key.</summary>
    public async Task<(string ClientId, HttpClient Http, string Key)> NewClient(string prefix, decimal credit = 100m)
    {
        var id = $"{prefix}-{Guid.NewGuid():N}";
        using var admin = Admin();
        (await admin.PostAsJsonAsync("/v1/admin/clients", new { id, name = prefix, credit })).EnsureSuccessStatusCode();
        var created = await (await admin.PostAsync($"/v1/admin/clients/{id}/keys", null)).EnsureSuccessStatusCode()
            .Content.ReadFromJsonAsync<KeyCreated>();
        var http = CreateClient();
        http.DefaultRequestHeaders.Add("X-API-Key", created!.Key);
        return (id, http, created.Key);
    }

    public async Task<T> Query<T>(Func<SmsDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<SmsDbContext>());
    }

    public sealed record KeyCreated(string KeyId, string Key, string ClientId);
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFactory>
{
    public const string Name = "api";
}
