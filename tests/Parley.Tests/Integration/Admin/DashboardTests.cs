using Parley.Administration;
using Parley.Tests.Integration.Files;

namespace Parley.Tests.Integration.Admin;

/// <summary>The dashboard's numbers, on a fresh server where every one of them is known.</summary>
public sealed class DashboardTests
{
    /// <summary>
    /// Today's messages and active users, the connections open now, the bytes of stored files and the totals are
    /// what happened; the 30 days run oldest first and end today.
    /// </summary>
    [Fact]
    public async Task Dashboard_OnAFreshServer_CountsTodaysMessagesActiveUsersConnectionsStorageAndTotals()
    {
        await using var server = await ParleyServer.StartAsync();
        using var admin = await ApiClient.RegisterAsync(server, ApiClient.UniqueName("admin"));
        using var alice = await ApiClient.RegisterAsync(server, ApiClient.UniqueName("alice"));
        using var idle = await ApiClient.RegisterAsync(server, ApiClient.UniqueName("idle"));
        var room = await alice.CreateRoomAsync(name: ApiClient.UniqueName("busy"));
        var file = FileCalls.Text("twenty-six bytes of notes\n");
        await alice.UploadOkAsync(room.Id, file, "notes.txt");
        await using var hub = await alice.ConnectHubAsync();
        await hub.InvokeAsync("SendMessage", new { roomId = room.Id, text = "one" });
        await hub.InvokeAsync("SendMessage", new { roomId = room.Id, text = "two" });
        await hub.InvokeAsync("SendMessage", new { roomId = room.Id, text = "three" });
        (await admin.PostAsync($"/api/admin/users/{idle.Id}/deactivate")).Dispose();

        var dashboard = await ApiClient.ReadAsync<DashboardDto>(admin.GetAsync("/api/admin/dashboard"));

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        Assert.Equal(Dashboard.Days, dashboard.Days.Count);
        Assert.Equal((today.AddDays(-(Dashboard.Days - 1)), today), (dashboard.Days[0].Day, dashboard.Days[^1].Day));
        // Registering signs each in, so all three were active today; nobody was before.
        Assert.Equal((3, 3), (dashboard.Days[^1].Messages, dashboard.Days[^1].ActiveUsers));
        Assert.All(dashboard.Days.SkipLast(1), d => Assert.Equal((0, 0), (d.Messages, d.ActiveUsers)));
        Assert.Equal((1, 1), (dashboard.ConnectionsNow, dashboard.OnlineNow));
        Assert.Equal(file.Length, dashboard.StorageBytes);
        // The admin is in every default room and nothing else.
        var defaultRooms = (await admin.ConversationsAsync()).Count;
        Assert.Equal((3, 1, 3, 1), (dashboard.Totals.Users, dashboard.Totals.DeactivatedUsers, dashboard.Totals.Messages, dashboard.Totals.Files));
        Assert.Equal(defaultRooms + 1, dashboard.Totals.Rooms);
    }
}
