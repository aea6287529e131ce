using OpenTelemetry.Metrics;
using Serilog;
using SmsSaga.Components;
using SmsSaga.Components.Platform;
using SmsSaga.Components.Platform.Bus;
using SmsSaga.Components.Platform.Hosting;
using SmsSaga.Gateway.Health;

namespace SmsSaga.Gateway;

/// <summary>The host's wiring, one concern per method, so Program.cs reads as a table of contents.</summary>
public static class GatewaySetup
{
    /// <summary>
    /// Serilog from configuration ("Serilog" section). Phone numbers and texts are never logged at
    /// Information: log the message id.
    /// </summary>
    public static void AddGatewayLogging(this WebApplicationBuilder builder) =>
        builder.Services.AddSerilog((services, logger) => logger
            .ReadFrom.Configuration(builder.Configuration)
            .ReadFrom.Services(services)
            .Enrich.FromLogContext());

    public static IServiceCollection AddGateway(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSmsSaga(configuration);
        var health = services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("postgresql", tags: ["ready"]);
        if (configuration.GetHostRoles().HasFlag(HostRoles.Worker))
            health.AddCheck<BusRoundTripHealthCheck>("bus-round-trip", tags: ["ready", "live"]);
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(SmsMetrics.MeterName, "MassTransit")
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

