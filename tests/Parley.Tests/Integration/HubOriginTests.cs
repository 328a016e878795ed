using System.Net;
using System.Net.WebSockets;
using System.Text;

namespace Parley.Tests.Integration;

/// <summary>
/// The hub answers pages of Parley's own origin and of the configured allowed origins only: a page elsewhere must not
/// open a connection as its visitor. Clients outside a browser send no Origin and are not affected.
/// </summary>
public sealed class HubOriginTests : IAsyncLifetime
{
    private const string AllowedOrigin = "https://app.example.test";

    private ParleyServer _server = null!;
    private ApiClient _user = null!;

    public async Task InitializeAsync()
    {
        _server = await ParleyServer.StartAsync(new Dictionary<string, string> { ["Parley:AllowedOrigins:0"] = AllowedOrigin });
        _user = await ApiClient.RegisterAsync(_server);
    }

    public async Task DisposeAsync()
    {
        _user.Dispose();
        await _server.DisposeAsync();
    }

    /// <summary>
    /// A WebSocket upgrade from a page of another origin is refused with 403 before any hub traffic (the problem body
    /// is read on negotiation below: ClientWebSocket does not show a refused upgrade's body).
    /// </summary>
    [Theory]
    [InlineData("https://evil.example.test")]
    [InlineData("null")]
    [InlineData("http://app.example.test")]
    [InlineData("https://app.example.test.evil.example")]
    public async Task HubWebSocket_FromAnotherOrigin_Is403(string origin)
    {
        var refused = await HubSocket.ConnectAsync(_server.BaseAddress, _user.AccessToken, origin);

        Assert.Equal((HttpStatusCode.Forbidden, false), (refused.Status, refused.HandshakeCompleted));
    }

    /// <summary>The same origin on another port, or the same host under the other scheme, is another origin.</summary>
    [Fact]
    public async Task HubWebSocket_FromOurHostOnAnotherPortOrScheme_Is403()
    {
        var host = _server.BaseAddress.Host;
        var otherPort = await HubSocket.ConnectAsync(_server.BaseAddress, _user.AccessToken, $"http://{host}:{_server.BaseAddress.Port + 1}");
        var otherScheme = await HubSocket.ConnectAsync(_server.BaseAddress, _user.AccessToken, $"https://{host}:{_server.BaseAddress.Port}");

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (otherPort.Status, otherScheme.Status));
    }

    /// <summary>Negotiation is checked like the upgrade: 403 problem details with the stable code origin_not_allowed.</summary>
    [Fact]
    public async Task HubNegotiate_FromAnotherOrigin_Is403OriginNotAllowed()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/hubs/chat/negotiate?negotiateVersion=1");
        request.Headers.Add("Origin", "https://evil.example.test");
        request.Headers.Authorization = new("Bearer", _user.AccessToken);

        using var response = await ApiClient.Anonymous(_server).SendAsync(request);

        Assert.Equal((403, "origin_not_allowed"), await response.StatusAndCodeAsync());
    }

    /// <summary>Our own origin, as the request addressed us, connects and completes the SignalR handshake; so does its negotiation.</summary>
    [Fact]
    public async Task Hub_FromOurOwnOrigin_Connects()
    {
        var origin = _server.BaseAddress.GetLeftPart(UriPartial.Authority);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/hubs/chat/negotiate?negotiateVersion=1");
        request.Headers.Add("Origin", origin);
        request.Headers.Authorization = new("Bearer", _user.AccessToken);

        using var negotiate = await ApiClient.Anonymous(_server).SendAsync(request);
        var connected = await HubSocket.ConnectAsync(_server.BaseAddress, _user.AccessToken, origin);

        Assert.Equal(HttpStatusCode.OK, negotiate.StatusCode);
        Assert.True(connected.HandshakeCompleted, $"Expected a completed handshake, got {connected.Status}.");
    }

    /// <summary>A configured allowed origin connects, however its host is cased and whether or not it names its default port.</summary>
    [Theory]
    [InlineData(AllowedOrigin)]
    [InlineData("https://APP.Example.test")]
    [InlineData("https://app.example.test:443")]
    public async Task HubWebSocket_FromAnAllowedOrigin_Connects(string origin)
    {
        var connected = await HubSocket.ConnectAsync(_server.BaseAddress, _user.AccessToken, origin);

        Assert.True(connected.HandshakeCompleted, $"Expected a completed handshake, got {connected.Status}.");
    }

    /// <summary>Bots and the .NET client send no Origin header; they connect as before.</summary>
    [Fact]
    public async Task HubWebSocket_WithoutOrigin_Connects()
    {
        var connected = await HubSocket.ConnectAsync(_server.BaseAddress, _user.AccessToken, origin: null);

        Assert.True(connected.HandshakeCompleted, $"Expected a completed handshake, got {connected.Status}.");
    }
}

/// <summary>A raw WebSocket to the hub with a chosen Origin header, as a browser page would open it.</summary>
internal static class HubSocket
{
    public sealed record Outcome(HttpStatusCode Status, bool HandshakeCompleted);

    /// <summary>Connects with the token in the query (as browsers do), then completes the JSON protocol handshake.</summary>
    public static async Task<Outcome> ConnectAsync(Uri baseAddress, string accessToken, string? origin)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        if (origin is not null)
        {
            socket.Options.SetRequestHeader("Origin", origin);
        }

        var uri = new UriBuilder(baseAddress) { Scheme = "ws", Path = "/hubs/chat", Query = $"access_token={Uri.EscapeDataString(accessToken)}" }.Uri;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await socket.ConnectAsync(uri, timeout.Token);
        }
        catch (WebSocketException)
        {
            return new Outcome((HttpStatusCode)socket.HttpStatusCode, HandshakeCompleted: false);
        }

        await socket.SendAsync(Encoding.UTF8.GetBytes("{\"protocol\":\"json\",\"version\":1}\u001e"), WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
        var buffer = new byte[4096];
        var received = new StringBuilder();
        while (!received.ToString().Contains('\u001e', StringComparison.Ordinal))
        {
            var frame = await socket.ReceiveAsync(buffer, timeout.Token);
            if (frame.MessageType == WebSocketMessageType.Close)
            {
                break;
            }

            received.Append(Encoding.UTF8.GetString(buffer, 0, frame.Count));
        }

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
        return new Outcome((HttpStatusCode)socket.HttpStatusCode, HandshakeCompleted: received.ToString().StartsWith("{}\u001e", StringComparison.Ordinal));
    }
}
