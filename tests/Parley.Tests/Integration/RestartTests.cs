using System.Net;
using Parley.Messages;
using Parley.Rooms;

namespace Parley.Tests.Integration;

/// <summary>Its own server, stopped and started again on the same data folder.</summary>
public sealed class RestartTests
{
    [Fact]
    public async Task Restart_KeepsHistoryRoomsAndSignedInSessions()
    {
        await using var server = await ParleyServer.StartAsync();
        using var alice = await ApiClient.RegisterAsync(server, ApiClient.UniqueName("alice"));
        using var browser = BrowserSession.Create(server);
        (await browser.PostAsync("/api/auth/login", new { username = alice.Username, password = alice.Password })).Dispose();
        var cookie = browser.SessionCookie(server.BaseAddress)!;
        var room = await alice.CreateRoomAsync("password", "restart-pw", name: "Durable");
        var sent = new List<MessageDto>();
        await using (var hub = await alice.ConnectHubAsync())
        {
            for (var i = 0; i < 5; i++)
            {
                sent.Add(await hub.InvokeAsync<MessageDto>("SendMessage", new { roomId = room.Id, text = $"kept {i}" }));
            }
        }

        await server.StopAsync();
        await server.StartAsync();

        // The same token and the same cookie still work against the restarted server.
        using var sameToken = ApiClient.Anonymous(server);
        sameToken.DefaultRequestHeaders.Authorization = new("Bearer", alice.AccessToken);
        var history = await ApiClient.ReadAsync<MessagePage>(sameToken.GetAsync($"/api/rooms/{room.Id}/messages"));
        Assert.Equal(sent.Select(m => (m.Id, m.Text)), history.Messages.Where(m => m.Kind == MessageKind.Text).Select(m => (m.Id, m.Text)));
        using var sameCookie = new HttpClient { BaseAddress = server.BaseAddress };
        sameCookie.DefaultRequestHeaders.Add("Cookie", $"parley.session={cookie}");
        var rooms = await ApiClient.ReadAsync<List<RoomDto>>(sameCookie.GetAsync("/api/rooms"));
        Assert.Equal("Durable", Assert.Single(rooms).Name);

        // The room password survived too.
        using var bob = await ApiClient.RegisterAsync(server);
        using var wrong = await bob.PostAsync($"/api/rooms/{room.Id}/join", new { password = "nope-nope" });
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        await bob.JoinAsync(room.Id, "restart-pw");
    }
}
