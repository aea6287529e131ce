using Serilog;
using SmsSaga.Components.Platform.Hosting;
using SmsSaga.Gateway.Access;
using SmsSaga.Gateway.Admin;
using SmsSaga.Gateway.Health;
using SmsSaga.Gateway.Hosting;
using SmsSaga.Gateway.Http;
using SmsSaga.Gateway.Inbound;
using SmsSaga.Gateway.Messages;
using SmsSaga.Gateway.Providers;

Log.Logger = new LoggerConfiguration().WriteTo.Console().CreateBootstrapLogger();
try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddGatewayLogging();
    builder.Services.AddGateway(builder.Configuration);
    builder.Services.AddGatewayApi(builder.Configuration);
    builder.Services.AddApiAccess();

    var app = builder.Build();
    app.UseGatewayErrors();
    app.UseGatewayRequestLogging();
    app.MapHealthEndpoints();
    app.MapPrometheusScrapingEndpoint("/metrics");
    var roles = app.Configuration.GetHostRoles();
    app.Logger.LogInformation("Gateway roles: {Roles}", roles);
    if (roles.HasFlag(HostRoles.Api))
    {
        app.MapApiReference();
        app.MapMessagesEndpoints();
        app.MapAdminEndpoints();
        app.MapProviderEndpoints();
        app.MapInboundEndpoints();
    }

    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (ex is not HostAbortedException)
{
    Log.Fatal(ex, "The gateway stopped unexpectedly");
    return 1;
}
finally
{
    await Log.CloseAndFlushAsync();
}

/// <summary>Visible to WebApplicationFactory in the API tests.</summary>
public partial class Program;
