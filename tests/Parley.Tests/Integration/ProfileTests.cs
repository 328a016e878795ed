using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Parley.Accounts;

namespace Parley.Tests.Integration;

/// <summary>
/// Profiles through the API and the hub: display name and status rules, pictures made by the server in three sizes
/// from what the content is (never from its name), and every change reaching the people who see the user, live.
/// </summary>
[Collection(SharedServer.Name)]
public sealed class ProfileTests(ServerFixture fixture)
{
    private ParleyServer Server => fixture.Server;

    /// <summary>A display name and status are stored trimmed and composed (NFC), and read back by anyone from the profile.</summary>
    [Fact]
    public async Task UpdateProfile_NameAndStatus_AreStoredNormalisedAndShownOnTheProfile()
    {
        using var alice = await fixture.UserAsync("alice");
        using var bob = await fixture.UserAsync("bob");

        var me = await ApiClient.ReadAsync<MeDto>(alice.PatchAsync("/api/me/profile", new { displayName = "  Zoe\u0308  ", status = "  On holiday until Monday 🏖️ " }));
        var profile = await ApiClient.ReadAsync<JsonElement>(bob.GetAsync($"/api/users/{alice.Username}/profile"));

        Assert.Equal(("Zo\u00EB", "On holiday until Monday 🏖️"), (me.DisplayName, me.Status));
        Assert.Equal("Zo\u00EB", profile.GetProperty("user").GetProperty("displayName").GetString());
        Assert.Equal("On holiday until Monday 🏖️", profile.GetProperty("status").GetString());
        using var nobody = await bob.GetAsync($"/api/users/{ApiClient.UniqueName("nobody")}/profile");
        Assert.Equal((404, "user_not_found"), await nobody.StatusAndCodeAsync());
    }

    /// <summary>A status is one short line of plain text: line breaks, disguising characters and more than 100 characters are refused on the field, and nothing changes.</summary>
    [Theory]
    [InlineData("status", "first line\nsecond line")]
    [InlineData("status", "look \u202Egnp.exe")]
    [InlineData("status", "101")]
    [InlineData("displayName", "   ")]
    [InlineData("displayName", "65")]
    public async Task UpdateProfile_InvalidField_IsRefusedOnThatField_AndNothingChanges(string field, string value)
    {
        using var alice = await fixture.UserAsync("alice");
        var text = int.TryParse(value, out var length) ? new string('x', length) : value;

        using var response = await alice.PatchAsync("/api/me/profile", new Dictionary<string, string> { [field] = text, [field == "status" ? "displayName" : "status"] = "fine" });

        var problem = await response.ReadProblemAsync();
        Assert.Equal((400, "validation_failed"), (problem.Status, problem.Code));
        Assert.Equal([field], problem.Errors.Keys);
        var me = await ApiClient.ReadAsync<MeDto>(alice.GetAsync("/api/me"));
        Assert.Equal((alice.Me.DisplayName, null), (me.DisplayName, me.Status));
    }

    /// <summary>An empty status clears it; a request without the field leaves it as it was.</summary>
    [Fact]
    public async Task UpdateProfile_EmptyStatus_ClearsIt_AbsentStatus_KeepsIt()
    {
        using var alice = await fixture.UserAsync("alice");
        await ApiClient.ReadAsync<MeDto>(alice.PatchAsync("/api/me/profile", new { status = "Busy" }));

        var renamed = await ApiClient.ReadAsync<MeDto>(alice.PatchAsync("/api/me/profile", new { displayName = "Alice A." }));
        var cleared = await ApiClient.ReadAsync<MeDto>(alice.PatchAsync("/api/me/profile", new { status = "" }));

        Assert.Equal(("Alice A.", "Busy"), (renamed.DisplayName, renamed.Status));
        Assert.Equal(("Alice A.", null), (cleared.DisplayName, cleared.Status));
    }

    /// <summary>
    /// A change reaches the user's own devices and everyone sharing a conversation with them, at once, and later
    /// messages and member lists show it; someone who shares nothing with them hears nothing.
    /// </summary>
    [Fact]
    public async Task UpdateProfile_ReachesCoMembersAndOwnDevicesLive_NotStrangers()
    {
        using var alice = await fixture.UserAsync("alice");
        using var bob = await fixture.UserAsync("bob");
        using var stranger = await fixture.UserAsync("stranger");
        var room = await alice.CreateRoomAsync();
        await bob.JoinAsync(room.Id);
        var strangersRoom = await stranger.CreateRoomAsync();
        await using var aliceHub = await alice.ConnectHubAsync();
        await using var bobHub = await bob.ConnectHubAsync();
        await using var strangerHub = await stranger.ConnectHubAsync();

        await ApiClient.ReadAsync<MeDto>(alice.PatchAsync("/api/me/profile", new { displayName = "Alice Liddell", status = "Down the rabbit hole" }));

        var seenByBob = await bobHub.WaitForAsync<JsonElement>("userUpdated");
        var seenByAlice = await aliceHub.WaitForAsync<JsonElement>("userUpdated");
        Assert.Equal((alice.Id, "Alice Liddell", "Down the rabbit hole"), Describe(seenByBob));
        Assert.Equal(Describe(seenByBob), Describe(seenByAlice));
        await strangerHub.SendBarrierAsync(strangersRoom.Id);
        Assert.DoesNotContain(strangerHub.Events, e => e.Target == "userUpdated");

        var sent = await aliceHub.InvokeAsync<MessageDto>("SendMessage", new { roomId = room.Id, text = "new name" });
        Assert.Equal("Alice Liddell", sent.Author.DisplayName);
        var member = (await bob.MembersAsync(room.Id)).Single(m => m.User.Id == alice.Id);
        Assert.Equal(("Alice Liddell", "Down the rabbit hole"), (member.User.DisplayName, member.Status));
    }

    /// <summary>
    /// Profile changes share one per-user limit (each reaches everyone who shares a conversation with the user): past the
    /// burst, name and picture changes alike are refused with 429 rate_limited and change nothing.
    /// </summary>
    [Fact]
    public async Task ProfileChanges_BeyondTheBurst_AreRefusedRateLimited_AndNotApplied()
    {
        await using var server = await ParleyServer.StartAsync(new Dictionary<string, string>
        {
            ["Parley:RateLimits:ProfileChanges:Burst"] = "2",
            ["Parley:RateLimits:ProfileChanges:PerMinute"] = "1",
        });
        using var alice = await ApiClient.RegisterAsync(server);

        var statuses = new List<HttpStatusCode>();
        foreach (var name in new[] { "One", "Two", "Three" })
        {
            using var response = await alice.PatchAsync("/api/me/profile", new { displayName = name });
            statuses.Add(response.StatusCode);
        }

        using var picture = await PutAvatarAsync(alice, PngImage.Solid(32, 32, 1, 2, 3));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal((429, "rate_limited"), await picture.StatusAndCodeAsync());
        var me = await ApiClient.ReadAsync<MeDto>(alice.GetAsync("/api/me"));
        Assert.Equal(("Two", null), (me.DisplayName, me.AvatarUrl));
    }

    /// <summary>
    /// A picture is read by its content and made into 64, 128 and 256 pixel square WebP files, served to anyone signed in
    /// with headers that let browsers keep it for good and never guess another type; the co-member hears of it.
    /// </summary>
    [Fact]
    public async Task UploadAvatar_Png_IsServedInThreeSquareWebpSizes_AndAnnounced()
    {
        using var alice = await fixture.UserAsync("alice");
        using var bob = await fixture.UserAsync("bob");
        var room = await alice.CreateRoomAsync();
        await bob.JoinAsync(room.Id);
        await using var bobHub = await bob.ConnectHubAsync();

        var me = await UploadAvatarAsync(alice, PngImage.Create(300, 200, (x, y) => ((byte)x, (byte)y, 90)));

        Assert.Equal($"/api/users/{alice.Id}/avatar/1", me.AvatarUrl);
        var announced = await bobHub.WaitForAsync<JsonElement>("userUpdated", e => AvatarUrlOf(e.GetProperty("user")) is not null);
        Assert.Equal(me.AvatarUrl, AvatarUrlOf(announced.GetProperty("user")));
        foreach (var size in new[] { 64, 128, 256 })
        {
            using var picture = await bob.GetAsync($"{me.AvatarUrl}?size={size}");
            Assert.Equal(HttpStatusCode.OK, picture.StatusCode);
            Assert.Equal("image/webp", picture.Content.Headers.ContentType?.MediaType);
            Assert.Equal("nosniff", string.Join(",", picture.Headers.GetValues("X-Content-Type-Options")));
            Assert.Equal((true, true, TimeSpan.FromDays(365)), (picture.Headers.CacheControl!.Private, picture.Headers.CacheControl.Extensions.Any(e => e.Name == "immutable"), picture.Headers.CacheControl.MaxAge!.Value));
            Assert.Equal((size, size), WebpSize(await picture.Content.ReadAsByteArrayAsync()));
        }

        using var oddSize = await bob.GetAsync($"{me.AvatarUrl}?size=100");
        Assert.Equal((400, "validation_failed"), await oddSize.StatusAndCodeAsync());
    }

    /// <summary>An HTML page named like a picture is refused for what it is (415), and the profile keeps no picture.</summary>
    [Fact]
    public async Task UploadAvatar_HtmlNamedPng_IsRefusedAsNotAnImage()
    {
        using var alice = await fixture.UserAsync("alice");
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes("<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"));
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        content.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileName = "me.png" };

        using var response = await alice.Http.PutAsync("/api/me/avatar", content);

        Assert.Equal((415, "file_type_not_allowed"), await response.StatusAndCodeAsync());
        Assert.Null((await ApiClient.ReadAsync<MeDto>(alice.GetAsync("/api/me"))).AvatarUrl);
    }

    /// <summary>More than 10 MB is refused with 413, whether the size is announced up front or only found while reading a streamed body.</summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task UploadAvatar_Over10MB_IsRefusedAsTooLarge(bool lengthAnnounced)
    {
        using var alice = await fixture.UserAsync("alice");
        var image = PngImage.Solid(16, 16, 200, 10, 10);
        var body = new byte[(10 * 1024 * 1024) + 1];
        image.CopyTo(body, 0);
        using var request = new HttpRequestMessage(HttpMethod.Put, "/api/me/avatar")
        {
            Content = lengthAnnounced ? new ByteArrayContent(body) : new StreamContent(new UnknownLengthStream(body)),
        };
        // As curl does for large bodies: the server can refuse by the announced length before any of it is sent.
        request.Headers.ExpectContinue = lengthAnnounced;

        using var response = await alice.Http.SendAsync(request);

        Assert.Equal((413, "request_too_large"), await response.StatusAndCodeAsync());
        Assert.Null((await ApiClient.ReadAsync<MeDto>(alice.GetAsync("/api/me"))).AvatarUrl);
    }

    /// <summary>A decompression bomb (a small file of 64 million pixels) is refused before it is decoded.</summary>
    [Fact]
    public async Task UploadAvatar_DecompressionBomb_IsRefused()
    {
        using var alice = await fixture.UserAsync("alice");

        using var response = await PutAvatarAsync(alice, PngImage.Bomb(8000));

        Assert.Equal((400, "image_too_large"), await response.StatusAndCodeAsync());
    }

    /// <summary>A new picture gets a new URL and the old one stops answering, so a cached old URL never shows the new picture as the old or vice versa.</summary>
    [Fact]
    public async Task UploadAvatar_Again_NewVersion_OldVersionIsGone()
    {
        using var alice = await fixture.UserAsync("alice");
        var first = await UploadAvatarAsync(alice, PngImage.Solid(64, 64, 255, 0, 0));

        var second = await UploadAvatarAsync(alice, PngImage.Solid(64, 64, 0, 0, 255));

        Assert.Equal($"/api/users/{alice.Id}/avatar/2", second.AvatarUrl);
        using var old = await alice.GetAsync(first.AvatarUrl!);
        Assert.Equal((404, "avatar_not_found"), await old.StatusAndCodeAsync());
        using var current = await alice.GetAsync(second.AvatarUrl!);
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
    }

    /// <summary>Removing the picture leaves initials (no URL) and the file gone; a later picture never reuses the removed one's URL.</summary>
    [Fact]
    public async Task RemoveAvatar_NoUrl_FileGone_NextPictureGetsANewUrl()
    {
        using var alice = await fixture.UserAsync("alice");
        var withPicture = await UploadAvatarAsync(alice, PngImage.Solid(64, 64, 0, 200, 0));

        var removed = await ApiClient.ReadAsync<MeDto>(alice.DeleteAsync("/api/me/avatar"));

        Assert.Null(removed.AvatarUrl);
        using var gone = await alice.GetAsync(withPicture.AvatarUrl!);
        Assert.Equal((404, "avatar_not_found"), await gone.StatusAndCodeAsync());
        var again = await UploadAvatarAsync(alice, PngImage.Solid(64, 64, 0, 0, 0));
        Assert.Equal($"/api/users/{alice.Id}/avatar/2", again.AvatarUrl);
    }

    /// <summary>Everywhere a person appears over HTTP — messages, member lists, the conversation list, search results — carries their picture's URL.</summary>
    [Fact]
    public async Task Avatar_AppearsInMessagesMembersConversationsAndSearch()
    {
        var marker = "zq" + Guid.NewGuid().ToString("N")[..10];
        using var alice = await fixture.UserAsync("alice");
        using var bob = await fixture.UserAsync("bob");
        var room = await alice.CreateRoomAsync();
        await bob.JoinAsync(room.Id);
        var direct = await bob.OpenDirectAsync(alice.Username);
        await using var aliceHub = await alice.ConnectHubAsync();
        await aliceHub.InvokeAsync("SendMessage", new { roomId = room.Id, text = $"{marker} in the room" });
        await aliceHub.InvokeAsync("SendMessage", new { roomId = direct.Id, text = "hello bob" });

        var url = (await UploadAvatarAsync(alice, PngImage.Solid(64, 64, 10, 20, 30))).AvatarUrl;

        var messages = await ApiClient.ReadAsync<JsonElement>(bob.GetAsync($"/api/conversations/{room.Id}/messages"));
        var members = await ApiClient.ReadAsync<JsonElement>(bob.GetAsync($"/api/rooms/{room.Id}/members"));
        var conversations = await ApiClient.ReadAsync<JsonElement>(bob.GetAsync("/api/conversations"));
        var search = await ApiClient.ReadAsync<JsonElement>(bob.GetAsync($"/api/search?q={marker}"));
        Assert.Equal(url, AvatarUrlOf(messages.GetProperty("messages").EnumerateArray().Last(m => m.GetProperty("author").GetProperty("id").GetInt64() == alice.Id).GetProperty("author")));
        Assert.Equal(url, AvatarUrlOf(members.EnumerateArray().Single(m => m.GetProperty("user").GetProperty("id").GetInt64() == alice.Id).GetProperty("user")));
        var directRow = conversations.EnumerateArray().Single(c => c.GetProperty("id").GetInt64() == direct.Id);
        Assert.Equal(url, AvatarUrlOf(Assert.Single(directRow.GetProperty("participants").EnumerateArray()).GetProperty("user")));
        Assert.Equal(url, AvatarUrlOf(directRow.GetProperty("lastMessage").GetProperty("author")));
        Assert.Equal(url, AvatarUrlOf(Assert.Single(search.GetProperty("results").EnumerateArray()).GetProperty("message").GetProperty("author")));
        Assert.Null(AvatarUrlOf(members.EnumerateArray().Single(m => m.GetProperty("user").GetProperty("id").GetInt64() == bob.Id).GetProperty("user")));
    }

    private static async Task<MeDto> UploadAvatarAsync(ApiClient user, byte[] image)
    {
        using var response = await PutAvatarAsync(user, image);
        await ApiClient.EnsureSuccessAsync(response);
        return (await response.Content.ReadFromJsonAsync<MeDto>(Json.Options))!;
    }

    private static Task<HttpResponseMessage> PutAvatarAsync(ApiClient user, byte[] image)
    {
        var content = new ByteArrayContent(image);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return user.Http.PutAsync("/api/me/avatar", content);
    }

    private static string? AvatarUrlOf(JsonElement user) =>
        user.TryGetProperty("avatarUrl", out var url) && url.ValueKind == JsonValueKind.String ? url.GetString() : null;

    private static (long Id, string? DisplayName, string? Status) Describe(JsonElement updated) =>
        (updated.GetProperty("user").GetProperty("id").GetInt64(), updated.GetProperty("user").GetProperty("displayName").GetString(), updated.GetProperty("status").GetString());

    /// <summary>The canvas size a WebP file declares (lossy VP8, lossless VP8L or extended VP8X).</summary>
    private static (int Width, int Height) WebpSize(byte[] webp)
    {
        Assert.Equal("RIFF", Encoding.ASCII.GetString(webp, 0, 4));
        Assert.Equal("WEBP", Encoding.ASCII.GetString(webp, 8, 4));
        return Encoding.ASCII.GetString(webp, 12, 4) switch
        {
            "VP8 " => (BinaryPrimitives.ReadUInt16LittleEndian(webp.AsSpan(26)) & 0x3FFF, BinaryPrimitives.ReadUInt16LittleEndian(webp.AsSpan(28)) & 0x3FFF),
            "VP8L" => (((webp[21] | (webp[22] << 8)) & 0x3FFF) + 1, (((webp[22] >> 6) | (webp[23] << 2) | (webp[24] << 10)) & 0x3FFF) + 1),
            "VP8X" => ((webp[24] | (webp[25] << 8) | (webp[26] << 16)) + 1, (webp[27] | (webp[28] << 8) | (webp[29] << 16)) + 1),
            var chunk => throw new InvalidDataException($"Not a WebP image chunk: {chunk}"),
        };
    }

    /// <summary>A body whose length the client cannot tell, so it is sent chunked and only the server's reading finds it too large.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
