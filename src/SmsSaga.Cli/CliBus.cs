using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SmsSaga.Components.Platform.Bus;

namespace SmsSaga.Cli;

/// <summary>A send-only bus on the gateway's broker ("RabbitMq" section, RabbitMq__* variables), for commands that publish.</summary>
static class CliBus
{
    public static async Task Publish<T>(IEnumerable<T> messages) where T : class
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
        var rabbit = Broker(builder.Configuration);
        builder.Services.AddMassTransit(x =>
        {
            x.DisableUsageTelemetry();
            x.UsingRabbitMq((_, cfg) => rabbit.Apply(cfg));
        });
        await using var provider = builder.Services.BuildServiceProvider();
        var bus = provider.GetRequiredService<IBusControl>();
        await bus.StartAsync();
        try
        {
            foreach (var message in messages)
                await bus.Publish(message);
        }
        finally
        {
            await bus.StopAsync();
        }
    }

    /// <summary>The broker the gateway uses, from appsettings.json beside the binary and RabbitMq__* variables.</summary>
    public static RabbitMqOptions Broker(IConfiguration? configuration = null)
    {
        configuration ??= Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory }).Configuration;
        return configuration.GetSection(RabbitMqOptions.SectionName).Get<RabbitMqOptions>() ?? new RabbitMqOptions();
    }
}
