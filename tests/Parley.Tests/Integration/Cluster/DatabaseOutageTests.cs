using System.Net;
using Microsoft.AspNetCore.SignalR;
using Parley.Infrastructure;

namespace Parley.Tests.Integration.Cluster;

public sealed class DatabaseOutageTests
{
    /// <summary>
    /// PostgreSQL restarting (an upgrade, a failover) must not need a Parley restart: while it is down, a send fails
    /// with a code that says "try again" (hub) and requests answer 503 with Retry-After; once it is back, the same
    /// send (same client id) goes through, stored once, on the same node and the same connection.
    /// </summary>
    [Fact]
    public async Task PostgresRestart_SendsFailRetryably_ThenWorkAgainWithoutANodeRestart()
    {
        await using var postgres = await PostgresServer.StartAsync();
        await using var server = await ParleyServer.StartAsync(new Dictionary<string, string>
        {
            [ParleyServer.ProviderSetting] = ParleyOptions.DatabaseOptions.Postgres,
            [ParleyServer.ConnectionStringSetting] = await postgres.CreateDatabaseAsync(),
        });
        using var alice = await ApiClient.RegisterAsync(server);
        var room = await alice.CreateRoomAsync();
        await using var hub = await alice.ConnectHubAsync();
        await hub.InvokeAsync<MessageDto>("SendMessage", new { roomId = room.Id, text = "before the restart" });

        await postgres.ShutDownAsync();
        var clientMessageId = Guid.NewGuid().ToString();
        var refused = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<MessageDto>("SendMessage", new { roomId = room.Id, text = "while it restarts", clientMessageId }));
        var history = await alice.GetAsync($"/api/rooms/{room.Id}/messages");

        Assert.Equal(DatabaseOutage.Code, refused.Code());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, history.StatusCode);
        Assert.Equal(DatabaseOutage.Code, (await history.ReadProblemAsync()).Code);
        Assert.NotNull(history.Headers.RetryAfter);

        await postgres.StartAgainAsync();
        var sent = await hub.InvokeAsync<MessageDto>("SendMessage", new { roomId = room.Id, text = "while it restarts", clientMessageId });
        var page = await alice.MessagesAsync(room.Id);

        Assert.Equal(["before the restart", "while it restarts"], page.Messages.Where(m => m.Kind == MessageKind.Text).Select(m => m.Text));
        Assert.Equal(sent.Id, page.Messages[^1].Id);
    }
}
