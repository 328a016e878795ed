using System.Data.Common;
using System.Text;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Parley.Tests.Integration;

/// <summary>
/// The operator's log is for what went wrong on the server. Refusals are ordinary (a non-member, a typo, someone too
/// fast, a broken client) and stay below Warning without stack traces; a genuine failure is still an error with its
/// exception. Each test has its own server logging at Information (Parley's own categories at Debug).
/// </summary>
public sealed class LoggingTests
{
    private const int Repeats = 50;

    /// <summary>Many refusals of every ordinary kind, over HTTP and the hub, write nothing at Warning or above and no stack trace.</summary>
    [Fact]
    public async Task OrdinaryRefusals_OverHttpAndTheHub_LogNothingAboveInformationAndNoStackTrace()
    {
        await using var server = await StartLoggingServerAsync(new()
        {
            ["Parley:RateLimits:Messages:Burst"] = "1",
            ["Parley:RateLimits:Messages:PerMinute"] = "1",
            ["Parley:RateLimits:Searches:Burst"] = "1",
            ["Parley:RateLimits:Searches:PerMinute"] = "1",
            ["Parley:RateLimits:HubConnectionsPerUser"] = "2",
        });
        using var alice = await ApiClient.RegisterAsync(server);
        using var mallory = await ApiClient.RegisterAsync(server);
        var secret = await alice.CreateRoomAsync("private");
        var open = await alice.CreateRoomAsync();
        await using var aliceHub = await alice.ConnectHubAsync();
        await using var malloryHub = await mallory.ConnectHubAsync();
        await aliceHub.InvokeAsync<MessageDto>("SendMessage", new { roomId = open.Id, text = "uses the one message allowed" });
        using var anonymous = ApiClient.Anonymous(server);
        var logs = LogCapture.AttachTo(server);

        var statuses = new List<int>();
        for (var i = 0; i < Repeats; i++)
        {
            statuses.Add(await StatusAsync(mallory.GetAsync($"/api/rooms/{open.Id}/messages")));         // 403 not a member
            statuses.Add(await StatusAsync(mallory.GetAsync($"/api/rooms/{secret.Id}")));                 // 404 not found
            statuses.Add(await StatusAsync(mallory.PostAsync("/api/rooms", new { name = "", visibility = "public" }))); // 400 validation
            statuses.Add(await StatusAsync(mallory.Http.PostAsync("/api/rooms", new StringContent("{\"name\":", Encoding.UTF8, "application/json")))); // 400 broken JSON
            statuses.Add(await StatusAsync(mallory.GetAsync($"/api/conversations/{open.Id}/messages?limit=lots"))); // 400 malformed number
            statuses.Add(await StatusAsync(mallory.GetAsync("/api/search?q=hello")));                    // 200 once, then 429
            statuses.Add(await StatusAsync(anonymous.GetAsync("/api/me")));                               // 401
            statuses.Add(await StatusAsync(anonymous.PostAsync("/api/auth/token", new StringContent($"{{\"username\":\"{new string('a', 70_000)}\"}}", Encoding.UTF8, "application/json")))); // 413
        }

        var hubCodes = new List<string?>();
        for (var i = 0; i < Repeats; i++)
        {
            hubCodes.Add(await HubCodeAsync(malloryHub, "SendMessage", new { roomId = secret.Id, text = "let me in" }));
            hubCodes.Add(await HubCodeAsync(malloryHub, "SendMessage", new { roomId = open.Id, text = "not joined" }));
            hubCodes.Add(await HubCodeAsync(aliceHub, "SendMessage", new { roomId = open.Id, text = "  " }));
            hubCodes.Add(await HubCodeAsync(aliceHub, "SendMessage", new { roomId = open.Id, text = "too fast" }));
            hubCodes.Add(await HubCodeAsync(aliceHub, "MarkRead", null));
        }

        await using var second = await RawHubSocket.ConnectAsync(server.BaseAddress, mallory.AccessToken);
        for (var i = 0; i < 5; i++)
        {
            await using var oneTooMany = await RawHubSocket.ConnectAsync(server.BaseAddress, mallory.AccessToken);
            Assert.Contains("[too_many_connections]", (await oneTooMany.WaitForCloseAsync())?.GetProperty("error").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(
            [403, 404, 400, 400, 400, 429, 401, 413],
            statuses.Chunk(8).Last());
        Assert.Equal(["room_not_found", "not_a_member", "validation_failed", "rate_limited", "invalid_request"], hubCodes.Chunk(5).Last().Select(c => c ?? "none"));
        AssertQuiet(logs);
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Debug && e.Category == "Parley.Realtime.HubErrorFilter" && e.Message.Contains("not_a_member", StringComparison.Ordinal));
    }

    /// <summary>
    /// What only a broken or hostile client sends — 1,000 frames that name no method or carry the wrong arguments,
    /// frames that are not JSON, frames over 64 KB — is refused (the frames that break the protocol close their
    /// connection) without a word above Information in the log.
    /// </summary>
    [Fact]
    public async Task MalformedAndOversizedHubFrames_AThousand_LogNothingAboveInformationAndNoStackTrace()
    {
        await using var server = await StartLoggingServerAsync([]);
        using var alice = await ApiClient.RegisterAsync(server);
        var room = await alice.CreateRoomAsync();
        await using var hub = await RawHubSocket.ConnectAsync(server.BaseAddress, alice.AccessToken);
        var logs = LogCapture.AttachTo(server);

        for (var i = 0; i < 1000; i++)
        {
            var frame = (i % 4) switch
            {
                0 => $$"""{"type":1,"invocationId":"{{i}}","target":"NoSuchMethod","arguments":[]}""",
                1 => $$"""{"type":1,"invocationId":"{{i}}","target":"SendMessage","arguments":["not an object"]}""",
                2 => $$"""{"type":1,"invocationId":"{{i}}","target":"SendMessage","arguments":[{"roomId":"abc"}]}""",
                _ => $$"""{"type":1,"invocationId":"{{i}}","target":"Typing","arguments":[1,2,3]}""",
            };
            await hub.SendTextAsync(frame + RawHubSocket.RecordSeparator);
        }

        var errors = 0;
        for (var i = 0; i < 1000; i++)
        {
            errors += (await hub.ReadCompletionAsync(i.ToString(System.Globalization.CultureInfo.InvariantCulture))).TryGetProperty("error", out _) ? 1 : 0;
        }

        string[] connectionBreakers =
        [
            "this is not JSON" + RawHubSocket.RecordSeparator,
            """{"type":1,"invocationId":"x","target":"SendMessage","arguments":[{"roomId":1,"text":""" + "\"" + new string('x', 100_000) + "\"}]}" + RawHubSocket.RecordSeparator,
            new string('[', 70_000),
        ];
        var closes = new List<bool>();
        foreach (var breaker in connectionBreakers)
        {
            for (var i = 0; i < 5; i++)
            {
                await using var victim = await RawHubSocket.ConnectAsync(server.BaseAddress, alice.AccessToken);
                await victim.SendTextAsync(breaker);
                closes.Add(await victim.WaitForCloseAsync() is not null);
            }
        }

        Assert.Equal(1000, errors);
        Assert.All(closes, Assert.True);
        await hub.InvokeAsync("last", "SendMessage", new { roomId = room.Id, text = "the connection still works" });
        Assert.False((await hub.ReadCompletionAsync("last")).TryGetProperty("error", out _));
        AssertQuiet(logs);
    }

    /// <summary>A genuine server failure, over HTTP and the hub, is still logged as an error, with its exception.</summary>
    [Fact]
    public async Task UnexpectedFailure_OverHttpAndTheHub_IsLoggedAsAnErrorWithItsException()
    {
        await using var server = await StartLoggingServerAsync([]);
        using var alice = await ApiClient.RegisterAsync(server);
        using var bob = await ApiClient.RegisterAsync(server);
        var direct = await alice.OpenDirectAsync(bob.Username);
        await using var hub = await alice.ConnectHubAsync();
        var logs = LogCapture.AttachTo(server);
        // Writing to a direct conversation and opening one both read the blocks table: without it, they fail (the
        // statement is the same on both providers).
        await using (var scope = server.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ParleyDb>().Database.ExecuteSqlRawAsync("""ALTER TABLE "Blocks" RENAME TO "BlocksGone" """);
        }

        using var opened = await alice.PostAsync("/api/dms", new { usernames = new[] { bob.Username } });
        var sent = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync("SendMessage", new { roomId = direct.Id, text = "hello" }));

        Assert.Equal((500, "server_error"), await opened.StatusAndCodeAsync());
        Assert.Equal("server_error", sent.Code());
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Error && e.Exception is DbException && e.Message.Contains("/api/dms", StringComparison.Ordinal));
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Error && e.Exception is DbException && e.Message.Contains("SendMessage", StringComparison.Ordinal));
    }

    /// <summary>
    /// Everyday use of messages — sending, replying, reacting, editing, pinning, reading history, changes, pins, the
    /// list and search — writes nothing at Warning or above (no query-shape warnings from EF, say, on every start).
    /// </summary>
    [Fact]
    public async Task EverydayUseOfMessages_LogsNothingAboveInformation()
    {
        await using var server = await StartLoggingServerAsync(new());
        var logs = LogCapture.AttachTo(server);
        using var alice = await ApiClient.RegisterAsync(server);
        using var bob = await ApiClient.RegisterAsync(server);
        var room = await alice.CreateRoomAsync();
        await bob.JoinAsync(room.Id);
        await using var aliceHub = await alice.ConnectHubAsync();
        var first = await aliceHub.InvokeAsync<MessageDto>("SendMessage", new { roomId = room.Id, text = $"lunch, @{bob.Username}?" });
        var reply = await aliceHub.InvokeAsync<MessageDto>("SendMessage", new { roomId = room.Id, text = "at noon", replyToId = first.Id });
        var messages = $"/api/conversations/{room.Id}/messages";
        await ApiClient.EnsureSuccessAsync(await bob.PutAsync($"{messages}/{first.Id}/reactions/{Uri.EscapeDataString("👍")}", new { }));
        await ApiClient.EnsureSuccessAsync(await alice.PatchAsync($"{messages}/{reply.Id}", new { text = "at one" }));
        await ApiClient.EnsureSuccessAsync(await alice.PutAsync($"/api/conversations/{room.Id}/pins/{first.Id}", new { }));

        foreach (var path in new[]
        {
            messages, $"{messages}/{first.Id}/around", $"{messages}/changes?after=0", $"/api/conversations/{room.Id}/pins",
            "/api/conversations", $"/api/rooms/{room.Id}/messages", "/api/search?q=lunch",
        })
        {
            await ApiClient.EnsureSuccessAsync(await bob.GetAsync(path));
        }

        var loud = logs.Entries.Where(e => e.Level >= LogLevel.Warning).ToList();
        Assert.True(loud.Count == 0, $"Logged at Warning or above:\n{string.Join("\n", loud.Take(5))}");
    }

    /// <summary>Information and above from everyone (Parley itself at Debug) reach the capture; the console stays quiet.</summary>
    private static Task<ParleyServer> StartLoggingServerAsync(Dictionary<string, string> settings)
    {
        settings["Logging:LogLevel:Default"] = "Information";
        settings["Logging:LogLevel:Microsoft.AspNetCore"] = "Information";
        settings["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Warning";
        settings["Logging:LogLevel:Parley"] = "Debug";
        settings["Logging:Console:LogLevel:Default"] = "None";
        return ParleyServer.StartAsync(settings);
    }

    private static void AssertQuiet(LogCapture logs)
    {
        var entries = logs.Entries;
        Assert.Contains(entries, e => e.Level == LogLevel.Information);
        var loud = entries.Where(e => e.Level >= LogLevel.Warning).ToList();
        Assert.True(loud.Count == 0, $"Refusals logged at Warning or above:\n{string.Join("\n", loud.Take(5))}");
        var traced = entries.Where(e => e.Level >= LogLevel.Information && (e.Exception is not null || e.Message.Contains("   at ", StringComparison.Ordinal))).ToList();
        Assert.True(traced.Count == 0, $"Refusals logged with a stack trace:\n{string.Join("\n", traced.Take(5))}");
        Assert.DoesNotContain(entries, e => e.Category.StartsWith("Parley", StringComparison.Ordinal) && e.Exception is not null);
    }

    private static async Task<int> StatusAsync(Task<HttpResponseMessage> request)
    {
        using var response = await request;
        return (int)response.StatusCode;
    }

    private static async Task<string?> HubCodeAsync(HubClient hub, string method, object? argument)
    {
        try
        {
            await hub.InvokeAsync(method, argument);
            return null;
        }
        catch (HubException ex)
        {
            return ex.Code();
        }
    }
}
