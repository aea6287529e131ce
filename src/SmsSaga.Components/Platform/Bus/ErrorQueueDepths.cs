using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using SmsSaga.Components.Platform.Telemetry;

namespace SmsSaga.Components.Platform.Bus;

/// <summary>
/// The depth of every error queue of this worker's endpoints, as the gauge <c>smssaga.bus.error_queue.depth{queue,vhost}</c>,
/// read from the broker every <see cref="BusWatchdogOptions.ErrorQueueDepthInterval"/> (30 s): a dead letter is something to look at, and a growing count is an alarm. The
/// endpoints are learnt as they start (an endpoint observer); an error queue that does not exist yet (MassTransit
/// declares it with its first fault) counts 0. One connection and one channel serve every reading; they are opened again
/// only after they fail (a refused passive declare closes the channel, so that is opened again too). The length of each error queue is bounded by a broker policy
/// (scripts/dev-up.sh: <c>smssaga-error-queues</c>, 100,000 messages, oldest dropped first).
/// </summary>
public sealed class ErrorQueueDepths(IOptions<RabbitMqOptions> options, IOptions<BusWatchdogOptions> watchdog, ILogger<ErrorQueueDepths> logger)
    : BackgroundService, IReceiveEndpointObserver
{
    readonly ConcurrentDictionary<string, long> _depths = new(StringComparer.Ordinal);
    IConnection? _connection;
    IChannel? _channel;

    public Task Ready(ReceiveEndpointReady ready)
    {
        var queue = ready.InputAddress.AbsolutePath.Split('/').Last();
        if (!queue.StartsWith("bus-probe-", StringComparison.Ordinal) && !ready.InputAddress.Query.Contains("temporary=true"))
            _depths.TryAdd(queue + "_error", 0);
        return Task.CompletedTask;
    }

    public Task Stopping(ReceiveEndpointStopping stopping) => Task.CompletedTask;

    public Task Completed(ReceiveEndpointCompleted completed) => Task.CompletedTask;

    public Task Faulted(ReceiveEndpointFaulted faulted) => Task.CompletedTask;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var vhost = new KeyValuePair<string, object?>("vhost", options.Value.VirtualHost);
        SmsMetrics.ErrorQueueDepths(this, () => _depths.Select(d =>
            new Measurement<long>(d.Value, new KeyValuePair<string, object?>("queue", d.Key), vhost)));
        var every = watchdog.Value.ErrorQueueDepthInterval;
        using var timer = new PeriodicTimer(every);
        try
        {
            do
            {
                try
                {
                    await Sample(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Could not read the error queues' depths; trying again in {Every}", every);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        finally
        {
            SmsMetrics.ErrorQueueDepths(this, null);
            await Close();
        }
    }

    async Task Sample(CancellationToken cancellationToken)
    {
        if (_depths.IsEmpty)
            return;
        try
        {
            foreach (var queue in _depths.Keys)
            {
                if (_connection is not { IsOpen: true })
                {
                    await Close();
                    _connection = await options.Value.ConnectionFactory().CreateConnectionAsync(cancellationToken);
                }
                if (_channel is not { IsOpen: true })
                {
                    _channel?.Dispose();
                    _channel = await _connection.CreateChannelAsync(cancellationToken: cancellationToken);
                }
                try
                {
                    _depths[queue] = (await _channel.QueueDeclarePassiveAsync(queue, cancellationToken)).MessageCount;
                }
                catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == Constants.NotFound)
                {
                    _depths[queue] = 0; // not declared yet: nothing has faulted there (and the broker closed the channel)
                }
            }
        }
        catch
        {
            await Close(); // the next reading starts afresh
            throw;
        }
    }

    async Task Close()
    {
        var (channel, connection) = (_channel, _connection);
        (_channel, _connection) = (null, null);
        try
        {
            if (channel is not null)
                await channel.DisposeAsync();
            if (connection is not null)
                await connection.DisposeAsync();
        }
        catch (Exception ex)
        {
            logger.LogDebug(ex, "Closing the error queue depth connection failed"); // it is being replaced or the process stops
        }
    }
}
