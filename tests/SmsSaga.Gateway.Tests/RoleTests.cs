using System.Net;
using System.Net.Http.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SmsSaga.Components.Dispatch;
using SmsSaga.Components.Idempotency;
using SmsSaga.Components.Messages;
using SmsSaga.Components.Platform.Bus;
using SmsSaga.Components.Platform.Outbox;

namespace SmsSaga.Gateway.Tests;

/// <summary>Gateway:Roles splits the one deployable into API instances and workers.</summary>
[Collection(ApiCollection.Name)]
public sealed class RoleTests(ApiFactory api)
{
    [Fact]
    public async Task An_api_instance_serves_the_api_and_sends_its_outbox_but_consumes_nothing()
    {
        await using var instance = api.WithWebHostBuilder(b => b.UseSetting("Gateway:Roles", "Api"));
        var (_, _, key) = await api.NewClient("role-api");
        var http = instance.CreateClient();
        http.DefaultRequestHeaders.Add("X-API-Key", key);

        var sent = await http.PostAsJsonAsync("/v1/messages", new { to = "+447911123490", text = "Through an API instance" });

        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        var hosted = instance.Services.GetServices<IHostedService>().Select(s => s.GetType().Name).ToList();
        Assert.Contains(nameof(BusOutboxDeliveryService), hosted);
        Assert.DoesNotContain(nameof(OutboxCleanupService), hosted);
        Assert.DoesNotContain(nameof(IdempotencyRecordCleanup), hosted);
        Assert.DoesNotContain(nameof(SmsDeadlineSweep), hosted);
        Assert.DoesNotContain(nameof(BusWatchdog), hosted);
        Assert.DoesNotContain(nameof(SimulatorReportPump), hosted);
        Assert.DoesNotContain(hosted, name => name.Contains("Quartz"));
        var endpoints = System.Text.Json.JsonSerializer.Serialize(instance.Services.GetRequiredService<IBusControl>().GetProbeResult());
        Assert.DoesNotContain("sms-state", endpoints);
    }

    [Fact]
    public async Task A_worker_serves_health_but_no_api()
    {
        await using var worker = api.WithWebHostBuilder(b => b.UseSetting("Gateway:Roles", "Worker"));
        var http = worker.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/v1/balance")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/openapi/v1.json")).StatusCode);
        var endpoints = System.Text.Json.JsonSerializer.Serialize(worker.Services.GetRequiredService<IBusControl>().GetProbeResult());
        Assert.Contains("sms-state", endpoints);
    }
}
