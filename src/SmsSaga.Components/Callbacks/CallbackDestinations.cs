using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace SmsSaga.Components.Callbacks;

/// <summary>
/// Where status callbacks may go: by default only http(s) on port 80 or 443 to a public address, so no client can aim
/// the gateway at its own network (its broker's management API, a cloud metadata service, a database). A URL is checked
/// when it is given (<see cref="RefusalAsync"/>) and every address again when a callback connects
/// (<see cref="ConnectAsync"/>), so a name that resolves elsewhere later (DNS rebinding) is still refused.
/// <c>Callbacks:AllowPrivateNetworks</c> lifts all of it, for tests and on-premises receivers.
/// </summary>
public sealed class CallbackDestinations(IOptions<CallbackOptions> options)
{
    /// <summary>The refusal code of a URL that points where callbacks may not go.</summary>
    public const string NotAllowed = "callback_url_not_allowed";

    bool AllowPrivate => options.Value.AllowPrivateNetworks;

    /// <summary>Why callbacks may not go to <paramref name="url"/> (an absolute http(s) URL), or null when they may.</summary>
    public async Task<string?> RefusalAsync(Uri url, CancellationToken cancellationToken)
    {
        if (AllowPrivate)
            return null;
        if (url.Port is not (80 or 443))
            return "only ports 80 and 443";
        if (!string.IsNullOrEmpty(url.UserInfo))
            return "no user name or password in the URL";

        IPAddress[] addresses;
        if (IPAddress.TryParse(url.IdnHost.Trim('[', ']'), out var literal))
            addresses = [literal];
        else
        {
            try
            {
                addresses = await Dns.GetHostAddressesAsync(url.IdnHost, cancellationToken);
            }
            catch (SocketException)
            {
                return null; // not resolvable now: each connection is checked when it is made
            }
        }

        return addresses.All(IsPublic) ? null : "the host is, or resolves to, a loopback, private, link-local or other non-public address";
    }

    /// <summary>
    /// The connect hook of the callback client: resolves the host and connects to its first allowed address, or throws
    /// (the callback then fails and is retried like an unreachable receiver).
    /// </summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var endpoint = context.DnsEndPoint;
        var addresses = IPAddress.TryParse(endpoint.Host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(endpoint.Host, cancellationToken);
        var allowed = AllowPrivate ? addresses : addresses.Where(IsPublic).ToArray();
        if (allowed.Length == 0 || (!AllowPrivate && endpoint.Port is not (80 or 443)))
            throw new HttpRequestException($"Callbacks may not go to {endpoint.Host}:{endpoint.Port}: not a public address and port.");

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, endpoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// True for an address on the public internet: not loopback, unspecified, private (RFC 1918), shared (CGNAT,
    /// 100.64/10), link-local (169.254/16, fe80::/10), unique-local (fc00::/7), multicast, broadcast or reserved. An
    /// IPv4 address written as IPv6 (mapped or compatible) is judged as the IPv4 address it is.
    /// </summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var v6 = address.GetAddressBytes();
            if (v6.Take(12).All(b => b == 0) && !(v6[12] == 0 && v6[13] == 0 && v6[14] == 0 && v6[15] <= 1))
                return IsPublic(new IPAddress(v6[12..])); // IPv4-compatible (::a.b.c.d)
            return !(IPAddress.IsLoopback(address) || address.Equals(IPAddress.IPv6None) || address.IsIPv6LinkLocal
                     || address.IsIPv6SiteLocal || address.IsIPv6Multicast || (v6[0] & 0xFE) == 0xFC // fc00::/7
                     || (v6[0] == 0x20 && v6[1] == 0x01 && v6[2] == 0x0D && v6[3] == 0xB8)); // 2001:db8::/32, documentation
        }

        var b4 = address.GetAddressBytes();
        return b4[0] switch
        {
            0 or 10 or 127 => false,                              // this network, private, loopback
            100 when b4[1] is >= 64 and <= 127 => false,         // shared address space (CGNAT)
            169 when b4[1] == 254 => false,                      // link-local, cloud metadata
            172 when b4[1] is >= 16 and <= 31 => false,          // private
            192 when b4[1] == 168 => false,                      // private
            192 when b4[1] == 0 && b4[2] is 0 or 2 => false,     // IETF protocol assignments, documentation
            198 when b4[1] is 18 or 19 => false,                 // benchmarking
            198 when b4[1] == 51 && b4[2] == 100 => false,       // documentation
            203 when b4[1] == 0 && b4[2] == 113 => false,        // documentation
            >= 224 => false,                                     // multicast, reserved, broadcast
            _ => true,
        };
    }
}
