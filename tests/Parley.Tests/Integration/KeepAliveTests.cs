namespace Parley.Tests.Integration;

/// <summary>A dead network closes nothing; silence is the only sign, so the hub keeps quiet connections talking.</summary>
[Collection(SharedServer.Name)]
public sealed class KeepAliveTests(ServerFixture fixture)
{
    /// <summary>
    /// The server pings a quiet connection every 5 s (SignalR's default: 15 s), so a client that gives up after 12 s
    /// without a word (the web client) notices a dead link within seconds while a live one never trips: each ping
    /// comes well within that.
    /// </summary>
    [Fact]
    public async Task QuietConnection_IsPingedWithinEightSeconds_AgainAndAgain()
    {
        // Arrange
        using var alice = await fixture.UserAsync();
        await using var quiet = await RawHubSocket.ConnectAsync(fixture.Server.BaseAddress, alice.AccessToken);

        // Act / Assert: two pings in a row, each within 8 s of the one before (or of the handshake).
        await quiet.WaitForPingAsync(within: TimeSpan.FromSeconds(8));
        await quiet.WaitForPingAsync(within: TimeSpan.FromSeconds(8));
    }
}
