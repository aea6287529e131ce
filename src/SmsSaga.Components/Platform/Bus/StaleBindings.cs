using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace SmsSaga.Components.Platform.Bus;

/// <summary>
/// Bindings an earlier version made that this one must not keep: MassTransit binds a message type's exchange to every
/// endpoint that consumes it but never removes a binding. Until 2026-12-01 the saga consumed <c>CancelSms</c> and
/// <c>ReplaySms</c> itself, so on a broker of that time both still reach <c>sms-state</c>, where a plain-JSON copy faults
/// and an envelope is skipped. Until 2026-12-02 the status events reached <c>status-callbacks</c>, which now hears only
/// from the saga. A worker removes them before its bus starts; removing one that is not there changes nothing.
/// </summary>
public sealed class StaleBindings(IOptions<RabbitMqOptions> options, ILogger<StaleBindings> logger) : IHostedService
{
    /// <summary>(the exchange a binding leaves, the exchange it reaches).</summary>
    static readonly (string Source, string Destination)[] Removed =
    [
        ("SmsSaga.Contracts:CancelSms", "sms-state"), ("SmsSaga.Contracts:ReplaySms", "sms-state"),
        // Until 2026-12-02 the callback endpoint took every status event; now the saga sends it those of messages that notify.
        ("SmsSaga.Contracts:SmsSent", "status-callbacks"), ("SmsSaga.Contracts:SmsDelivered", "status-callbacks"),
        ("SmsSaga.Contracts:SmsFailed", "status-callbacks"), ("SmsSaga.Contracts:SmsCanceled", "status-callbacks"),
    ];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await RemoveAsync(options.Value, cancellationToken);
        }
        catch (BrokerUnreachableException e)
        {
            // The bus waits for the broker on its own; the bindings are removed at the next start.
            logger.LogWarning(e, "Could not reach the broker to remove stale bindings");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public static async Task RemoveAsync(RabbitMqOptions broker, CancellationToken cancellationToken)
    {
        await using var connection = await broker.ConnectionFactory().CreateConnectionAsync(cancellationToken);
        foreach (var (source, destination) in Removed)
        {
            await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken); // a 404 closes its channel
            try
            {
                await channel.ExchangeUnbindAsync(destination, source, "", cancellationToken: cancellationToken);
            }
            catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == Constants.NotFound)
            {
                // a new broker: neither exchange exists yet
            }
        }
    }
}
