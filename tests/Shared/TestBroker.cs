using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using SmsSaga.Components.Platform.Bus;

namespace SmsSaga.Tests;

/// <summary>The test broker (RabbitMQ on loopback, as scripts/dev-up.sh sets it up) for one virtual host.</summary>
static class TestBroker
{
    const string Host = "127.0.0.1";

    public static RabbitMqOptions For(string virtualHost) =>
        new() { Host = Host, VirtualHost = virtualHost, Username = "smssaga", Password = "smssaga" };

    /// <summary>The upstream services' user (scripts/dev-up.sh): may only publish to the SendSms and CancelSms exchanges.</summary>
    public const string UpstreamUser = "smssaga_upstream";

    public static RabbitMqOptions Upstream(string virtualHost) =>
        new() { Host = Host, VirtualHost = virtualHost, Username = UpstreamUser, Password = "smssaga_upstream" };

    /// <summary>A list from the management API (port 15672), e.g. <c>api/queues/{vhost}?columns=name</c>.</summary>
    public static async Task<List<JsonElement>> Management(string path)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://{Host}:15672/") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("smssaga:smssaga"u8.ToArray()));
        return (await http.GetFromJsonAsync<List<JsonElement>>(path))!;
    }
}
