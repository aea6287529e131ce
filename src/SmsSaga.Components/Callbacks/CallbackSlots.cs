using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace SmsSaga.Components.Callbacks;

/// <summary>
/// The callbacks each client has in flight in this process, at most <see cref="CallbackOptions.MaxInFlightPerClient"/>.
/// A callback that finds its client's slots taken is not posted and does not wait for one (waiting would hold a slot of
/// the endpoint that every client shares): it is sent back to the queue for later (<see cref="StatusCallbackConsumer"/>).
/// </summary>
public sealed class CallbackSlots(IOptions<CallbackOptions> options)
{
    readonly ConcurrentDictionary<string, int> _inFlight = new(StringComparer.Ordinal);

    /// <summary>Takes one of <paramref name="clientId"/>'s slots; null when they are all taken. Dispose the lease to give it back.</summary>
    public Lease? TryTake(string clientId)
    {
        var limit = options.Value.MaxInFlightPerClient;
        while (true)
        {
            var current = _inFlight.GetOrAdd(clientId, 0);
            if (current >= limit)
                return null;
            if (_inFlight.TryUpdate(clientId, current + 1, current))
                return new Lease(this, clientId);
        }
    }

    /// <summary>How many callbacks <paramref name="clientId"/> has in flight now.</summary>
    public int InFlight(string clientId) => _inFlight.GetValueOrDefault(clientId);

    void Give(string clientId)
    {
        while (true)
        {
            var current = _inFlight[clientId];
            if (current == 1 ? _inFlight.TryRemove(new KeyValuePair<string, int>(clientId, 1)) : _inFlight.TryUpdate(clientId, current - 1, current))
                return;
        }
    }

    public sealed class Lease(CallbackSlots slots, string clientId) : IDisposable
    {
        int _given;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _given, 1) == 0)
                slots.Give(clientId);
        }
    }
}
