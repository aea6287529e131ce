using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using SmsSaga.Components.Callbacks;

namespace SmsSaga.Components.Tests.Callbacks;

public sealed class CallbackDestinationsTests
{
    static CallbackDestinations Destinations(bool allowPrivate) =>
        new(Options.Create(new CallbackOptions { AllowPrivateNetworks = allowPrivate }));

    [Theory]
    [InlineData("http://127.0.0.1/hook")]
    [InlineData("http://localhost/hook")]
    [InlineData("http://2130706433/")] // 127.0.0.1, in decimal
    [InlineData("http://0x7f000001/")] // in hex
    [InlineData("http://127.1/")] // short
    [InlineData("http://017700000001/")] // octal
    [InlineData("http://[::1]/")]
    [InlineData("http://[::ffff:127.0.0.1]/")] // IPv4-mapped
    [InlineData("http://[::ffff:a9fe:a9fe]/")] // 169.254.169.254, mapped, in hex
    [InlineData("http://10.1.2.3/")]
    [InlineData("http://172.16.0.1/")]
    [InlineData("http://172.31.255.255/")]
    [InlineData("http://192.168.1.1/")]
    [InlineData("http://100.64.0.1/")] // CGNAT
    [InlineData("http://169.254.169.254/latest/meta-data/")] // cloud metadata
    [InlineData("http://[fe80::1]/")]
    [InlineData("http://[fd12:3456::1]/")] // unique-local
    [InlineData("http://224.0.0.1/")]
    [InlineData("http://255.255.255.255/")]
    [InlineData("http://0.0.0.0/")]
    [InlineData("http://[::]/")]
    [InlineData("https://93.184.215.14:8443/")] // a public address, but not port 80 or 443
    [InlineData("http://93.184.215.14:15672/api/whoami")]
    [InlineData("http://user:secret@93.184.215.14/")]
    public async Task A_callback_url_into_the_gateways_own_network_is_refused(string url)
    {
        Assert.NotNull(await Destinations(allowPrivate: false).RefusalAsync(new Uri(url), CancellationToken.None));
        Assert.Null(await Destinations(allowPrivate: true).RefusalAsync(new Uri(url), CancellationToken.None));
    }

    [Theory]
    [InlineData("https://93.184.215.14/hooks/sms")]
    [InlineData("http://8.8.8.8:80/")]
    [InlineData("https://[2606:4700:4700::1111]/")]
    [InlineData("https://172.32.0.1/")] // just past 172.16/12
    [InlineData("https://no-such-host.invalid/")] // not resolvable now: checked again at each connection
    public async Task A_callback_url_to_a_public_address_is_allowed(string url) =>
        Assert.Null(await Destinations(allowPrivate: false).RefusalAsync(new Uri(url), CancellationToken.None));

    [Fact]
    public async Task A_name_that_resolves_to_loopback_when_the_callback_connects_is_never_connected_to()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var url = $"http://localhost:{((IPEndPoint)listener.LocalEndpoint).Port}/hook";

        using (var refusing = new CallbackHttpClient(Destinations(allowPrivate: false)))
            await Assert.ThrowsAsync<HttpRequestException>(() => refusing.Client.PostAsync(url, new StringContent("{}")));
        Assert.False(listener.Pending());

        using var allowing = new CallbackHttpClient(Destinations(allowPrivate: true));
        var post = allowing.Client.PostAsync(url, new StringContent("{}"));
        using var accepted = await listener.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(accepted.Connected);
        accepted.Close();
        await Assert.ThrowsAnyAsync<Exception>(() => post); // the listener answered nothing
    }
}
