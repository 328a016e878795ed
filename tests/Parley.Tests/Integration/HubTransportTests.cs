using System.Net.Http.Json;
using System.Text.Json;

namespace Parley.Tests.Integration;

/// <summary>The hub offers the one transport its clients use, so nothing else is there to attack.</summary>
[Collection(SharedServer.Name)]
public sealed class HubTransportTests(ServerFixture fixture)
{
    [Fact]
    public async Task Negotiate_OffersWebSocketsOnly_AndLongPollingIsRefused()
    {
        using var user = await fixture.UserAsync();

        using var negotiate = await user.PostAsync("/hubs/chat/negotiate?negotiateVersion=1");
        var offer = await negotiate.Content.ReadFromJsonAsync<JsonElement>();
        var transports = offer.GetProperty("availableTransports").EnumerateArray().Select(t => t.GetProperty("transport").GetString()).ToList();
        // A long-polling client starts its connection with a GET on the connection's token.
        using var longPoll = await user.GetAsync($"/hubs/chat?id={offer.GetProperty("connectionToken").GetString()}");

        Assert.Equal(["WebSockets"], transports);
        Assert.False(longPoll.IsSuccessStatusCode, $"A long-polling request was answered {(int)longPoll.StatusCode}.");
    }
}
