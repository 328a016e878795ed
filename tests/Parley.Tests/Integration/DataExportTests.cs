using System.IO.Compression;
using System.Net;
using System.Text.Json;
using Parley.Tests.Integration.Files;

namespace Parley.Tests.Integration;

/// <summary>"Download my data": everything one wrote and uploaded, as a zip a person can open.</summary>
[Collection(SharedServer.Name)]
public sealed class DataExportTests(ServerFixture fixture)
{
    /// <summary>The zip holds the account, the conversations, one's own messages with their times, one's reactions, and the uploaded files byte for byte (same names made unique), and nothing of anyone else's.</summary>
    [Fact]
    public async Task Export_Download_HoldsAccountMessagesReactionsAndByteIdenticalFiles()
    {
        using var alice = await fixture.UserAsync("exporter");
        using var bob = await fixture.UserAsync("other");
        var room = await alice.CreateRoomAsync();
        await bob.JoinAsync(room.Id);
        await using var aliceHub = await alice.ConnectHubAsync();
        await using var bobHub = await bob.ConnectHubAsync();
        var notes = FileCalls.Text("first notes\n");
        var sameName = FileCalls.Text("second notes, same name\n");
        var first = await alice.UploadOkAsync(room.Id, notes, "notes.txt");
        var second = await alice.UploadOkAsync(room.Id, sameName, "notes.txt");
        var sent = await aliceHub.SendFilesAsync(room.Id, "here are the notes", first.Id, second.Id);
        var bobs = await bobHub.SendFilesAsync(room.Id, "bob's own words");
        await ApiClient.EnsureSuccessAsync(await alice.Http.PutAsync($"/api/conversations/{room.Id}/messages/{bobs.Id}/reactions/{Uri.EscapeDataString("👍")}", content: null));

        var direct = await alice.OpenDirectAsync(bob.Username);
        await aliceHub.InvokeAsync("SendMessage", new { roomId = direct.Id, text = "just between us" });

        using var response = await alice.GetAsync("/api/me/export");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), ZipArchiveMode.Read);
        var account = Read(zip, "account.json");
        Assert.Equal((alice.Username, alice.Me.Email), (account.GetProperty("username").GetString(), account.GetProperty("email").GetString()));
        var conversation = Assert.Single(Read(zip, "conversations.json").EnumerateArray(), c => c.GetProperty("id").GetInt64() == room.Id);
        Assert.Equal(("room", "owner"), (conversation.GetProperty("kind").GetString(), conversation.GetProperty("role").GetString()));
        Assert.False(conversation.TryGetProperty("participants", out _));
        var dm = Assert.Single(Read(zip, "conversations.json").EnumerateArray(), c => c.GetProperty("id").GetInt64() == direct.Id);
        Assert.Equal([alice.Username, bob.Username], dm.GetProperty("participants").EnumerateArray().Select(p => p.GetString()).Order(StringComparer.Ordinal));
        Assert.Equal("just between us", Assert.Single(Read(zip, $"messages/{direct.Id}.json").GetProperty("messages").EnumerateArray()).GetProperty("text").GetString());
        var message = Assert.Single(Read(zip, $"messages/{room.Id}.json").GetProperty("messages").EnumerateArray());
        Assert.Equal("here are the notes", message.GetProperty("text").GetString());
        Assert.Equal(sent.CreatedAt, message.GetProperty("createdAt").GetDateTime());
        var reaction = Assert.Single(Read(zip, "reactions.json").EnumerateArray());
        Assert.Equal((bobs.Id, "👍"), (reaction.GetProperty("messageId").GetInt64(), reaction.GetProperty("emoji").GetString()));
        Assert.Equal(notes, Bytes(zip, "files/notes.txt"));
        Assert.Equal(sameName, Bytes(zip, "files/notes (2).txt"));
        Assert.Equal(2, zip.Entries.Count(e => e.FullName.StartsWith("files/", StringComparison.Ordinal)));
    }

    /// <summary>An export reads everything a person has: past Parley:RateLimits:DataExportsPerHour it answers 429 rate_limited.</summary>
    [Fact]
    public async Task Export_BeyondTheHourlyLimit_Is429RateLimited()
    {
        await using var server = await ParleyServer.StartAsync(new Dictionary<string, string> { ["Parley:RateLimits:DataExportsPerHour"] = "1" });
        using var alice = await ApiClient.RegisterAsync(server);
        using var bob = await ApiClient.RegisterAsync(server);

        using var first = await alice.GetAsync("/api/me/export");
        using var second = await alice.GetAsync("/api/me/export");
        using var someoneElse = await bob.GetAsync("/api/me/export");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal((429, "rate_limited"), await second.StatusAndCodeAsync());
        Assert.Equal(HttpStatusCode.OK, someoneElse.StatusCode);
    }

    private static JsonElement Read(ZipArchive zip, string name)
    {
        using var stream = zip.GetEntry(name)?.Open() ?? throw new Xunit.Sdk.XunitException($"{name} is not in the export");
        return JsonDocument.Parse(stream).RootElement.Clone();
    }

    private static byte[] Bytes(ZipArchive zip, string name)
    {
        using var stream = zip.GetEntry(name)?.Open() ?? throw new Xunit.Sdk.XunitException($"{name} is not in the export");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
