using OpenTelemetry.Metrics;
using Serilog;
using Serilog.Formatting.Compact;
using SmsSaga.Components;
using SmsSaga.Components.Platform.Bus;
using SmsSaga.Components.Platform.Hosting;
using SmsSaga.Components.Platform.Telemetry;
using SmsSaga.Gateway.Health;

namespace SmsSaga.Gateway.Hosting;

/// <summary>The host's wiring, one concern per method, so Program.cs reads as a table of contents.</summary>
public static class GatewaySetup
{
    /// <summary>
    /// Serilog from configuration ("Serilog" section: levels), writing compact JSON to standard output through an
    /// asynchronous buffer that drops, and counts, rather than blocks when full (<see cref="LogBuffer"/>): logging can never
    /// stop the process. Phone numbers and texts are never logged at Information: log the message id.
    /// </summary>
    public static void AddGatewayLogging(this WebApplicationBuilder builder) =>
        builder.Services.AddSerilog((services, logger) => logger
            .ReadFrom.Configuration(builder.Configuration)
            .ReadFrom.Services(services)
            .Enrich.FromLogContext()
            .WriteTo.Async(sink => sink.Console(new RenderedCompactJsonFormatter()), LogBuffer.Size, blockWhenFull: false,
                monitor: LogBuffer.Instance));

    public static IServiceCollection AddGateway(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSmsSaga(configuration);
        var health = services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("postgresql", tags: ["ready"]);
        if (configuration.GetHostRoles().HasFlag(HostRoles.Worker))
            health.AddCheck<BusRoundTripHealthCheck>("bus-round-trip", tags: ["ready", "live"]);
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(SmsMetrics.MeterName, SmsMetrics.MeterName + ".Logging", "MassTransit")
            .AddPrometheusExporter());
        return services;
    }

    public static void UseGatewayRequestLogging(this WebApplication app) =>
        app.UseSerilogRequestLogging(o => o.GetLevel = (http, _, ex) =>
            ex is not null || http.Response.StatusCode >= 500 ? Serilog.Events.LogEventLevel.Error
            : http.Request.Path.StartsWithSegments("/healthz") || http.Request.Path.StartsWithSegments("/readyz") || http.Request.Path.StartsWithSegments("/metrics")
                ? Serilog.Events.LogEventLevel.Verbose
                : Serilog.Events.LogEventLevel.Information);
}

