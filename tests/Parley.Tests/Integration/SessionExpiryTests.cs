using System.Net;

namespace Parley.Tests.Integration;

/// <summary>A live hub connection is only as good as the session it was opened with: when that ends, so does the connection.</summary>
public sealed class SessionExpiryTests : IAsyncLifetime
{
    private ParleyServer _server = null!;

    public async Task InitializeAsync() => _server = await ParleyServer.StartAsync(new Dictionary<string, string>
    {
        ["Parley:SignIn:AccessTokenLifetime"] = "00:00:03",
        ["Parley:SignIn:BrowserSessionLifetime"] = "00:00:03",
    });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    /// <summary>Found by the audit: a connection went on sending after its token had expired.</summary>
    [Fact]
    public async Task HubConnection_WhenItsTokenExpires_IsClosed_AndTheTokenNoLongerWorks()
    {
        using var alice = await ApiClient.RegisterAsync(_server);
        var room = await alice.CreateRoomAsync();
        var hub = await alice.ConnectHubAsync();
        await hub.InvokeAsync("SendMessage", new { roomId = room.Id, text = "while the token is good" });

        await hub.Closed.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.False(hub.IsOpen);
        using var afterExpiry = await alice.GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.Unauthorized, afterExpiry.StatusCode);
        await hub.DisposeAsync();
    }

    [Fact]
    public async Task HubConnection_WhenItsBrowserSessionExpires_IsClosed()
    {
        using var browser = BrowserSession.Create(_server);
        var username = ApiClient.UniqueName();
        await ApiClient.EnsureSuccessAsync(await browser.PostAsync("/api/auth/register", new { username, email = $"{username}@example.com", password = $"pw-{Guid.NewGuid():N}" }));
        var hub = await HubClient.ConnectWithCookieAsync(_server.BaseAddress, browser.SessionCookie(_server.BaseAddress)!);

        await hub.Closed.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.False(hub.IsOpen);
        await hub.DisposeAsync();
    }
}
