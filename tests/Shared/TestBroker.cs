using SmsSaga.Components.Platform.Bus;




namespace SmsSaga.Tests;

/// <summary>The test broker (RabbitMQ on loopback, as scripts/dev-up.sh sets it up) for one virtual host.</summary>
static class TestBroker
{
    public static RabbitMqOptions For(string virtualHost) =>
        new() { Host = "127.0.0.1", VirtualHost = virtualHost, Username = "smssaga", Password = "smssaga" };
}
