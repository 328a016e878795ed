using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.SignalR;
using Parley.Rooms;

namespace Parley.Tests.Integration;

/// <summary>
/// Each per-user limit on its own server, set to a tiny burst that does not refill during the test (one a minute):
/// the burst gets through, everything after it is refused with rate_limited, and a refused action leaves no trace.
/// </summary>
public sealed class UserRateLimitTests
{
    /// <summary>Messages past the burst are refused over the hub with rate_limited and never stored or delivered.</summary>
    [Fact]
    public async Task Messages_BeyondTheBurst_AreRefusedRateLimitedAndNotStored()
    {
        await using var server = await StartWithLimitAsync("Messages", burst: 3);
        using var alice = await ApiClient.RegisterAsync(server);
        var room = await alice.CreateRoomAsync();
        await using var hub = await alice.ConnectHubAsync();

        var codes = new List<string?>();
        for (var i = 0; i < 5; i++)
        {
            try
            {
                await hub.InvokeAsync<MessageDto>("SendMessage", new { roomId = room.Id, text = $"message {i}" });
                codes.Add("sent");
            }
            catch (HubException ex)
            {
                codes.Add(ex.Code());
            }
        }

        Assert.Equal(["sent", "sent", "sent", "rate_limited", "rate_limited"], codes);
        var stored = (await alice.MessagesAsync(room.Id)).Messages.Where(m => m.Kind == MessageKind.Text).Select(m => m.Text);
        Assert.Equal(["message 0", "message 1", "message 2"], stored);
    }

    /// <summary>Rooms past the burst are refused with 429 rate_limited and Retry-After, and are not created.</summary>
    [Fact]
    public async Task RoomsCreated_BeyondTheBurst_Are429WithRetryAfterAndNotCreated()
    {
        await using var server = await StartWithLimitAsync("RoomsCreated", burst: 2);
        using var alice = await ApiClient.RegisterAsync(server);

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 3; i++)
        {
            var response = await alice.PostAsync("/api/rooms", new { name = ApiClient.UniqueName("room"), visibility = "public" });
            statuses.Add(response.StatusCode);
            refused = response;
        }

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests], statuses);
        await AssertRateLimitedAsync(refused!);
        Assert.Equal(2, (await ApiClient.ReadAsync<List<RoomDto>>(alice.GetAsync("/api/rooms"))).Count);
    }

    /// <summary>
    /// Joining and leaving in a loop (once 200 notices in 1.4 s) stops at the burst: the room's history shows only
    /// the joins and leaves that were allowed.
    /// </summary>
    [Fact]
    public async Task JoinsAndLeaves_AFlood_IsRefusedAfterTheBurst()
    {
        await using var server = await StartWithLimitAsync("JoinsAndLeaves", burst: 4);
        using var alice = await ApiClient.RegisterAsync(server);
        using var bob = await ApiClient.RegisterAsync(server);
        var room = await alice.CreateRoomAsync();

        var outcomes = new List<string>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 10; i++)
        {
            var join = await bob.PostAsync($"/api/rooms/{room.Id}/join");
            outcomes.Add($"join {(int)join.StatusCode}");
            if (join.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused = join;
                continue;
            }

            using var leave = await bob.PostAsync($"/api/rooms/{room.Id}/leave");
            outcomes.Add($"leave {(int)leave.StatusCode}");
        }

        Assert.Equal(["join 200", "leave 204", "join 200", "leave 204"], outcomes.Take(4));
        Assert.All(outcomes.Skip(4), outcome => Assert.Equal("join 429", outcome));
        await AssertRateLimitedAsync(refused!);
        var notices = (await alice.MessagesAsync(room.Id)).Messages.Where(m => m.Kind == MessageKind.System && m.Author.Id == bob.Id);
        Assert.Equal(4, notices.Count());
    }

    /// <summary>Invite links past the burst are refused with 429 rate_limited and Retry-After, and are not created.</summary>
    [Fact]
    public async Task InvitesCreated_BeyondTheBurst_Are429WithRetryAfterAndNotCreated()
    {
        await using var server = await StartWithLimitAsync("InvitesCreated", burst: 2);
        using var alice = await ApiClient.RegisterAsync(server);
        var room = await alice.CreateRoomAsync("private");

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 3; i++)
        {
            var response = await alice.PostAsync($"/api/rooms/{room.Id}/invites", new { maxUses = 5 });
            statuses.Add(response.StatusCode);
            refused = response;
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        await AssertRateLimitedAsync(refused!);
        Assert.Equal(2, (await ApiClient.ReadAsync<List<InviteDto>>(alice.GetAsync($"/api/rooms/{room.Id}/invites"))).Count);
    }

    /// <summary>Searches past the burst are refused with 429 rate_limited and Retry-After.</summary>
    [Fact]
    public async Task Searches_BeyondTheBurst_Are429WithRetryAfter()
    {
        await using var server = await StartWithLimitAsync("Searches", burst: 2);
        using var alice = await ApiClient.RegisterAsync(server);

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 3; i++)
        {
            var response = await alice.GetAsync("/api/search?q=hello");
            statuses.Add(response.StatusCode);
            refused = response;
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        await AssertRateLimitedAsync(refused!);
    }

    /// <summary>
    /// One account holds at most 20 live hub connections (the default): the 21st is closed with too_many_connections
    /// and told not to reconnect, the 20 keep working, and closing one makes room for another.
    /// </summary>
    [Fact]
    public async Task HubConnections_TheTwentyFirst_IsClosedWithTooManyConnections_AndTheOthersKeepWorking()
    {
        await using var server = await ParleyServer.StartAsync();
        using var alice = await ApiClient.RegisterAsync(server);
        var room = await alice.CreateRoomAsync();
        var limit = new Parley.Infrastructure.ParleyOptions().RateLimits.HubConnectionsPerUser;
        var hubs = new List<HubClient>();
        for (var i = 0; i < limit; i++)
        {
            hubs.Add(await alice.ConnectHubAsync());
        }

        await using var oneTooMany = await RawHubSocket.ConnectAsync(server.BaseAddress, alice.AccessToken);
        var close = await oneTooMany.WaitForCloseAsync();

        Assert.True(close is not null, "The refused connection is closed with a close message.");
        Assert.Contains("[too_many_connections]", close.Value.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.False(close.Value.TryGetProperty("allowReconnect", out var reconnect) && reconnect.GetBoolean(), "A refused client is told not to reconnect.");
        for (var i = 0; i < hubs.Count; i++)
        {
            var sent = await hubs[i].InvokeAsync<MessageDto>("SendMessage", new { roomId = room.Id, text = $"from connection {i}" });
            Assert.Equal($"from connection {i}", sent.Text);
        }

        await hubs[0].DisposeAsync();
        await using var replacement = await ConnectOnceThereIsRoomAsync(server, alice);
        await replacement.InvokeAsync("1", "SendMessage", new { roomId = room.Id, text = "replacement" });
        Assert.False((await replacement.ReadCompletionAsync("1")).TryGetProperty("error", out _), "The replacement connection works.");
        foreach (var hub in hubs.Skip(1))
        {
            await hub.DisposeAsync();
        }
    }

    /// <summary>
    /// The ceiling over everything one person does: past it, API requests get 429 and hub calls rate_limited (one
    /// allowance for both), while other people are not affected.
    /// </summary>
    [Fact]
    public async Task Requests_BeyondTheBurst_AreRefusedOverHttpAndTheHubAlike_ForThatPersonOnly()
    {
        const int burst = 12;
        await using var server = await StartWithLimitAsync("Requests", burst);
        using var alice = await ApiClient.RegisterAsync(server);
        using var bob = await ApiClient.RegisterAsync(server);
        await using var aliceHub = await alice.ConnectHubAsync();

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < burst + 3; i++)
        {
            var response = await alice.GetAsync("/api/me");
            statuses.Add(response.StatusCode);
            refused = response;
        }

        // Signing in and connecting used some of the allowance already: what is left gets through, then nothing does.
        var allowed = statuses.TakeWhile(s => s == HttpStatusCode.OK).Count();
        Assert.InRange(allowed, 1, burst - 1);
        Assert.All(statuses.Skip(allowed), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
        await AssertRateLimitedAsync(refused!);
        var hubRefusal = await Assert.ThrowsAsync<HubException>(() => aliceHub.InvokeAsync("MarkRead", new { conversationId = 1, messageId = 1 }));
        Assert.Equal("rate_limited", hubRefusal.Code());
        using var bobMe = await bob.GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.OK, bobMe.StatusCode);
    }

    /// <summary>
    /// The server forgets a closed connection a moment after its client sees it closed: connects until a connection is
    /// let in (its first record is the ready event, not a refusal), within a deadline.
    /// </summary>
    private static async Task<RawHubSocket> ConnectOnceThereIsRoomAsync(ParleyServer server, ApiClient user)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var attempt = await RawHubSocket.ConnectAsync(server.BaseAddress, user.AccessToken);
            if (await attempt.ReadRecordAsync() is { } first && first.TryGetProperty("target", out var target) && target.GetString() == "ready")
            {
                return attempt;
            }

            await attempt.DisposeAsync();
            Assert.True(DateTime.UtcNow < deadline, "A closed connection's place was never freed.");
        }
    }

    /// <summary>A burst that refills one permit a minute: nothing refills during a test.</summary>
    private static Task<ParleyServer> StartWithLimitAsync(string limit, int burst) =>
        ParleyServer.StartAsync(new Dictionary<string, string>
        {
            [$"Parley:RateLimits:{limit}:Burst"] = burst.ToString(CultureInfo.InvariantCulture),
            [$"Parley:RateLimits:{limit}:PerMinute"] = "1",
        });

    private static async Task AssertRateLimitedAsync(HttpResponseMessage response)
    {
        var problem = await response.ReadProblemAsync();
        Assert.Equal((429, "rate_limited"), (problem.Status, problem.Code));
        Assert.True(response.Headers.RetryAfter?.Delta is { TotalSeconds: >= 1 }, $"A refused client is told when to retry: {response.Headers.RetryAfter}");
    }
}
