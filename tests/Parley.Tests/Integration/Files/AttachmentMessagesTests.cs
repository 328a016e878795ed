using System.Net;
using Microsoft.AspNetCore.SignalR;
using Parley.Tests.Integration.RichMessages;
using static Parley.Tests.Integration.Files.FileCalls;

namespace Parley.Tests.Integration.Files;

/// <summary>Sending uploads in a message through the same path as text (persist, then publish), and what deleting does to them.</summary>
[Collection(SharedServer.Name)]
public sealed class AttachmentMessagesTests(ServerFixture fixture)
{
    /// <summary>A message with files and no text reaches everyone with its attachments in the order sent, and history shows the same.</summary>
    [Fact]
    public async Task SendMessage_WithUploads_CarriesThemInOrderToEveryoneAndHistory()
    {
        using var alice = await fixture.UserAsync("alice");
        using var bob = await fixture.UserAsync("bob");
        var room = await alice.CreateRoomAsync();
        await bob.JoinAsync(room.Id);
        await using var aliceHub = await alice.ConnectHubAsync();
        await using var bobHub = await bob.ConnectHubAsync();
        var second = await alice.UploadOkAsync(room.Id, Text("two"), "second.txt");
        var first = await alice.UploadOkAsync(room.Id, Pdf(), "first.pdf");

        var sent = await aliceHub.SendFilesAsync(room.Id, "", first.Id, second.Id);
        var received = await bobHub.WaitForAsync<MessageDto>("messageReceived", m => m.Id == sent.Id);
        var inHistory = (await bob.MessagesAsync(room.Id)).Messages.Single(m => m.Id == sent.Id);

        Assert.Equal("", sent.Text);
        Assert.Equal([first, second], sent.Attachments);
        Assert.Equal(sent.Attachments, received.Attachments);
        Assert.Equal(sent.Attachments, inHistory.Attachments);
        Assert.Empty((await alice.MessagesAsync(room.Id)).Messages.Where(m => m.Id != sent.Id).SelectMany(m => m.Attachments));
    }

    /// <summary>
    /// A reply to a message of files only quotes what it carries ("📎 name", "🎤 Voice message"), as previews do, in
    /// the answer to the sender, in the event and in history, rather than an empty quote.
    /// </summary>
    [Fact]
    public async Task Reply_ToAMessageOfFilesOnly_QuotesWhatItCarries()
    {
        using var alice = await fixture.UserAsync("alice");
        using var bob = await fixture.UserAsync("bob");
        var room = await alice.CreateRoomAsync();
        await bob.JoinAsync(room.Id);
        await using var aliceHub = await alice.ConnectHubAsync();
        await using var bobHub = await bob.ConnectHubAsync();
        var photo = await aliceHub.SendFilesAsync(room.Id, "", (await alice.UploadOkAsync(room.Id, Pdf(), "plan.pdf")).Id);
        var voice = await aliceHub.SendFilesAsync(room.Id, "",
            (await alice.UploadOkAsync(room.Id, OggVoice(2), "voice message.ogg", "voice=true&waveform=1,50,100")).Id);

        var toPhoto = await bobHub.SendAsync(room.Id, "nice", replyToId: photo.Id);
        var toVoice = await bobHub.SendAsync(room.Id, "agreed", replyToId: voice.Id);
        var seen = await aliceHub.WaitForAsync<MessageDto>("messageReceived", m => m.Id == toVoice.Id);
        var history = (await alice.MessagesAsync(room.Id)).Messages;

        Assert.Equal("📎 plan.pdf", toPhoto.ReplyTo!.Excerpt);
        Assert.Equal("🎤 Voice message", toVoice.ReplyTo!.Excerpt);
        Assert.Equal("🎤 Voice message", seen.ReplyTo!.Excerpt);
        Assert.Equal("📎 plan.pdf", history.Single(m => m.Id == toPhoto.Id).ReplyTo!.Excerpt);
        Assert.Equal("🎤 Voice message", history.Single(m => m.Id == toVoice.Id).ReplyTo!.Excerpt);
    }

    /// <summary>
    /// Only one's own unsent uploads into this very conversation can be attached: someone else's, one from another
    /// conversation, one already sent, or an id that does not exist is a validation error on attachmentIds, and nothing is stored.
    /// </summary>
    [Fact]
    public async Task SendMessage_WithUploadsThatAreNotTheSendersToAttach_IsRefused()
    {
        using var alice = await fixture.UserAsync("alice");
        using var bob = await fixture.UserAsync("bob");
        var room = await alice.CreateRoomAsync();
        var elsewhere = await alice.CreateRoomAsync();
        await bob.JoinAsync(room.Id);
        await using var aliceHub = await alice.ConnectHubAsync();
        var bobs = await bob.UploadOkAsync(room.Id, Text(), "bobs.txt");
        var other = await alice.UploadOkAsync(elsewhere.Id, Text(), "other.txt");
        var used = await alice.UploadOkAsync(room.Id, Text(), "used.txt");
        await aliceHub.SendFilesAsync(room.Id, "first", used.Id);
        var before = (await alice.MessagesAsync(room.Id)).Messages.Count;

        var codes = new List<(string?, string)>();
        foreach (var id in new[] { bobs.Id, other.Id, used.Id, "AAAAAAAAAAAAAAAAAAAAAA" })
        {
            var refused = await Assert.ThrowsAsync<HubException>(() => aliceHub.SendFilesAsync(room.Id, "look", id));
            codes.Add((refused.Code(), refused.Message.Contains("attachmentIds", StringComparison.Ordinal) || refused.Message.Contains("upload", StringComparison.Ordinal) ? "names the files" : refused.Message));
        }

        Assert.All(codes, c => Assert.Equal(("validation_failed", "names the files"), c));
        Assert.Equal(before, (await alice.MessagesAsync(room.Id)).Messages.Count);
        Assert.Equal(HttpStatusCode.OK, (await bob.GetAsync(bobs.Url)).StatusCode);
        Assert.Equal((404, "file_not_found"), await (await alice.GetAsync(bobs.Url)).StatusAndCodeAsync());
    }

    /// <summary>More files than MaxAttachmentsPerMessage (10), or the same file twice, is a validation error before anything is stored.</summary>
    [Fact]
    public async Task SendMessage_TooManyOrRepeatedUploads_IsRefused()
    {
        using var alice = await fixture.UserAsync("alice");
        var room = await alice.CreateRoomAsync();
        await using var hub = await alice.ConnectHubAsync();
        var uploads = new List<string>();
        for (var i = 0; i < 11; i++)
        {
            uploads.Add((await alice.UploadOkAsync(room.Id, Text($"file {i}"), $"{i}.txt")).Id);
        }

        var tooMany = await Assert.ThrowsAsync<HubException>(() => hub.SendFilesAsync(room.Id, "", [.. uploads]));
        var twice = await Assert.ThrowsAsync<HubException>(() => hub.SendFilesAsync(room.Id, "", uploads[0], uploads[0]));
        var ten = await hub.SendFilesAsync(room.Id, "", [.. uploads.Take(10)]);

        Assert.Equal("validation_failed", tooMany.Code());
        Assert.Equal("validation_failed", twice.Code());
        Assert.Equal(10, ten.Attachments.Count);
    }

    /// <summary>A send retried with the same clientMessageId (the answer was lost) returns the stored message with its attachments, stored once.</summary>
    [Fact]
    public async Task SendMessage_RetriedWithTheSameClientId_ReturnsTheStoredMessageWithItsFiles()
    {
        using var alice = await fixture.UserAsync("alice");
        var room = await alice.CreateRoomAsync();
        await using var hub = await alice.ConnectHubAsync();
        var upload = await alice.UploadOkAsync(room.Id, Pdf(), "doc.pdf");
        var request = new { roomId = room.Id, text = "here", clientMessageId = Guid.NewGuid().ToString("N"), attachmentIds = new[] { upload.Id } };

        var first = await hub.InvokeAsync<MessageDto>("SendMessage", request);
        var retry = await hub.InvokeAsync<MessageDto>("SendMessage", request);

        Assert.Equal(first.Id, retry.Id);
        Assert.Equal([upload], retry.Attachments);
        Assert.Single((await alice.MessagesAsync(room.Id)).Messages, m => m.Id == first.Id);
    }

    /// <summary>
    /// Messages sent at once are stored together; one whose file is not attachable is refused alone, and the others
    /// in its batch are stored and delivered.
    /// </summary>
    [Fact]
    public async Task SendMessage_OneRefusedAttachmentInABatch_DoesNotFailTheOthers()
    {
        using var alice = await fixture.UserAsync("alice");
        using var bob = await fixture.UserAsync("bob");
        var room = await alice.CreateRoomAsync();
        await bob.JoinAsync(room.Id);
        await using var hub = await alice.ConnectHubAsync();
        var good = await alice.UploadOkAsync(room.Id, Text("good"), "good.txt");
        var bobs = await bob.UploadOkAsync(room.Id, Text("not alice's"), "bobs.txt");

        var before = await hub.StartInvocationAsync("SendMessage", new { roomId = room.Id, text = "before" });
        var bad = await hub.StartInvocationAsync("SendMessage", new { roomId = room.Id, text = "bad", attachmentIds = new[] { bobs.Id } });
        var withFile = await hub.StartInvocationAsync("SendMessage", new { roomId = room.Id, text = "good", attachmentIds = new[] { good.Id } });
        var after = await hub.StartInvocationAsync("SendMessage", new { roomId = room.Id, text = "after" });

        var refused = await Assert.ThrowsAsync<HubException>(() => bad);
        var stored = await Task.WhenAll(before, withFile, after);
        Assert.Equal("validation_failed", refused.Code());
        Assert.Equal(["before", "good", "after"], (await alice.MessagesAsync(room.Id)).Messages.Where(m => m.Kind == Parley.Infrastructure.Data.MessageKind.Text).Select(m => m.Text));
        Assert.Equal(good.Id, Json.Read<MessageDto>(stored[1]).Attachments.Single().Id);
    }

    /// <summary>A message with files may be edited down to no text (it could be sent so); one without files may not.</summary>
    [Fact]
    public async Task Edit_MessageWithFiles_MayClearItsText()
    {
        using var alice = await fixture.UserAsync("alice");
        var room = await alice.CreateRoomAsync();
        await using var hub = await alice.ConnectHubAsync();
        var upload = await alice.UploadOkAsync(room.Id, Pdf(), "doc.pdf");
        var withFile = await hub.SendFilesAsync(room.Id, "caption", upload.Id);
        var plain = await hub.SendAsync(room.Id, "just text");

        var cleared = await ApiClient.ReadAsync<MessageDto>(alice.EditAsync(room.Id, withFile.Id, ""));
        var refused = await (await alice.EditAsync(room.Id, plain.Id, "")).StatusAndCodeAsync();

        Assert.Equal(("", upload.Id), (cleared.Text, cleared.Attachments.Single().Id));
        Assert.Equal((400, "validation_failed"), refused);
    }

    /// <summary>
    /// Deleting a message deletes its files: the tombstone (in the event and in history) carries none, the file is
    /// gone for everyone, its bytes leave storage and the uploader's quota is freed.
    /// </summary>
    [Fact]
    public async Task DeleteMessage_RemovesItsFilesFromStorageAndFromTheMessage()
    {
        using var alice = await fixture.UserAsync("alice");
        using var bob = await fixture.UserAsync("bob");
        var room = await alice.CreateRoomAsync();
        await bob.JoinAsync(room.Id);
        await using var aliceHub = await alice.ConnectHubAsync();
        await using var bobHub = await bob.ConnectHubAsync();
        var image = await alice.UploadOkAsync(room.Id, Png(), "photo.png");
        var sent = await aliceHub.SendFilesAsync(room.Id, "look", image.Id);
        var keysBefore = StoredKeys(fixture.Server.DataDirectory);

        await ApiClient.EnsureSuccessAsync(await alice.DeleteMessageAsync(room.Id, sent.Id));
        var deleted = await bobHub.WaitForAsync<MessageDto>("messageDeleted", m => m.Id == sent.Id);
        var keysAfter = StoredKeys(fixture.Server.DataDirectory);

        Assert.Empty(deleted.Attachments);
        Assert.Empty((await bob.MessagesAsync(room.Id)).Messages.Single(m => m.Id == sent.Id).Attachments);
        Assert.Equal((404, "file_not_found"), await (await bob.GetAsync(image.Url)).StatusAndCodeAsync());
        Assert.Equal((404, "file_not_found"), await (await alice.GetAsync(image.ThumbnailUrl!)).StatusAndCodeAsync());
        Assert.Equal(2, keysBefore.Except(keysAfter).Count()); // the image and its thumbnail
        Assert.Equal(0, (await alice.UsageAsync()).UsedBytes);
    }

    /// <summary>Deleting a room deletes every file in it, sent or not: the bytes leave storage and the quota is freed.</summary>
    [Fact]
    public async Task DeleteRoom_RemovesItsFilesFromStorage()
    {
        using var alice = await fixture.UserAsync("alice");
        var room = await alice.CreateRoomAsync();
        await using var hub = await alice.ConnectHubAsync();
        var sentFile = await alice.UploadOkAsync(room.Id, Pdf(), "sent.pdf");
        await hub.SendFilesAsync(room.Id, "", sentFile.Id);
        await alice.UploadOkAsync(room.Id, Text(), "unsent.txt");
        var keysBefore = StoredKeys(fixture.Server.DataDirectory);

        using var deleted = await alice.DeleteAsync($"/api/rooms/{room.Id}");
        var keysAfter = StoredKeys(fixture.Server.DataDirectory);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(2, keysBefore.Except(keysAfter).Count());
        Assert.Equal(0, (await alice.UsageAsync()).UsedBytes);
        Assert.Equal((404, "file_not_found"), await (await alice.GetAsync(sentFile.Url)).StatusAndCodeAsync());
    }
}
