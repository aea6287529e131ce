using System.ComponentModel.DataAnnotations;
using MassTransit;

namespace SmsSaga.Components.Platform.Bus;

/// <summary>Where the broker is. Section "RabbitMq".</summary>
public class RabbitMqOptions
{
    public const string SectionName = "RabbitMq";

    [Required]
    public string Host { get; set; } = "localhost";

    [Range(1, 65535)]
    public ushort Port { get; set; } = 5672;

    public string VirtualHost { get; set; } = "/";

    [Required]
    public string Username { get; set; } = "guest";

    [Required]
    public string Password { get; set; } = "guest";

    /// <summary>Points a bus at this broker.</summary>
    public void Apply(IRabbitMqBusFactoryConfigurator bus) =>
        bus.Host(Host, Port, VirtualHost, h =>
        {
            h.Username(Username);
            h.Password(Password);
        });

    /// <summary>A plain RabbitMQ client's way to this broker, for the few things MassTransit does not do.</summary>
    public RabbitMQ.Client.ConnectionFactory ConnectionFactory() =>
        new() { HostName = Host, Port = Port, VirtualHost = VirtualHost, UserName = Username, Password = Password };

    /// <summary>
    /// Messages each endpoint fetches ahead of processing, and so handles at once. 8: with ten endpoints, 32 let some 300
    /// consumers contend for two cores and 80 database connections; under a 2,000-message burst 8 gave 37.8 SMS/s where
    /// 32 gave 25.2 and 4 gave 27.2, with half the PostgreSQL CPU (docs/performance.md).
    /// </summary>
    [Range(1, 1000)]
    public int PrefetchCount { get; set; } = 8;
}
