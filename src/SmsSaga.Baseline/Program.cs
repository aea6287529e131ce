using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmsSaga.Baseline;
using SmsSaga.Components.Messages;
using SmsSaga.Components.Text;

// smssaga-baseline --vhost VHOST [--host H] [--user U] [--password P]: runs until stopped (SIGTERM or Ctrl+C).
// smssaga-bench pipeline publishes to it exactly as it does to the gateway.
var options = new Dictionary<string, string>();
for (var i = 0; i + 1 < args.Length; i += 2)
    options[args[i].TrimStart('-')] = args[i + 1];
if (!options.TryGetValue("vhost", out var vhost))
{
    Console.Error.WriteLine("usage: smssaga-baseline --vhost VHOST [--host H] [--user U] [--password P]");
    return 2;
}

var builder = Host.CreateApplicationBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton(Options.Create(new SmsOptions()));
builder.Services.AddSingleton(Options.Create(new SendWindowOptions()));
builder.Services.AddMassTransit(x =>
{
    x.SetKebabCaseEndpointNameFormatter();
    x.AddSagaStateMachine<SmsStateMachine, SmsState>().InMemoryRepository().Endpoint(e => e.Name = "sms-state");
    x.AddConsumer<Ingest>().Endpoint(e => e.Name = Ingest.QueueName);
    x.AddConsumer<Dispatch>().Endpoint(e => e.Name = "submit-sms");
    x.AddConsumer<Settle>().Endpoint(e => e.Name = "settle-credit");
    x.AddConfigureEndpointsCallback((_, name, endpoint) =>
    {
        if (name == Ingest.QueueName)
            endpoint.UseRawJsonDeserializer(RawSerializerOptions.AnyMessageType, isDefault: false);
    });
    x.UsingRabbitMq((context, cfg) =>
    {
        cfg.Host(options.GetValueOrDefault("host", "127.0.0.1"), vhost, h =>
        {
            h.Username(options.GetValueOrDefault("user", "smssaga"));
            h.Password(options.GetValueOrDefault("password", "smssaga"));
        });
        cfg.PrefetchCount = 8; // as the gateway's endpoints
        cfg.ConfigureEndpoints(context);
    });
});

await builder.Build().RunAsync();
return 0;
