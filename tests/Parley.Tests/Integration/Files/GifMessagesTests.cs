using Microsoft.AspNetCore.SignalR;
using Parley.Gifs;
using Parley.Media;

namespace Parley.Tests.Integration.Files;

/// <summary>Sending a GIF from the picker: resolved through the catalog (a local stand-in for the provider), stored as a file row with the provider's URLs.</summary>
public sealed class GifMessagesTests
{
    /// <summary>
    /// A GIF is sent by its picker id alone: the message carries one attachment of kind gif whose URLs, size and
    /// provider come from the catalog (never from the client), and history shows it the same.
    /// </summary>
    [Theory]
    [InlineData("giphy")]
    [InlineData("tenor")]
    public async Task SendMessage_WithAGifId_CarriesTheProvidersGif(string provider)
    {
        await using var standIn = await GifProviderStandIn.StartAsync();
        await using var server = await ParleyServer.StartAsync(standIn.SettingsFor(provider));
        using var alice = await ApiClient.RegisterAsync(server);
        var room = await alice.CreateRoomAsync();
        await using var hub = await alice.ConnectHubAsync();
        var found = await ApiClient.ReadAsync<GifPage>(alice.GetAsync("/api/gifs/search?q=cat"));
        var gif = found.Results[0];

        var sent = await hub.InvokeAsync<MessageDto>("SendMessage", new { roomId = room.Id, text = "", gifId = gif.Id });
        var inHistory = (await alice.MessagesAsync(room.Id)).Messages.Single(m => m.Id == sent.Id);

        var attachment = Assert.Single(sent.Attachments);
        Assert.Equal((FileKind.Gif, gif.Url, gif.PreviewUrl, gif.Width, gif.Height, provider, gif.Title),
            (attachment.Kind, attachment.Url, attachment.ThumbnailUrl, attachment.Width, attachment.Height, attachment.Provider, attachment.Name));
        Assert.Equal(sent.Attachments, inHistory.Attachments);
        Assert.Equal(0, (await ApiClient.ReadAsync<FileUsage>(alice.GetAsync("/api/files/usage"))).UsedBytes);
    }

    /// <summary>A gifId the catalog does not know, or a GIF together with uploaded files, is a validation error naming gifId; nothing is stored.</summary>
    [Fact]
    public async Task SendMessage_WithAnUnknownGifOrAGifAndFiles_IsRefused()
    {
        await using var standIn = await GifProviderStandIn.StartAsync();
        await using var server = await ParleyServer.StartAsync(standIn.SettingsFor("giphy"));
        using var alice = await ApiClient.RegisterAsync(server);
        var room = await alice.CreateRoomAsync();
        await using var hub = await alice.ConnectHubAsync();
        var upload = await alice.UploadOkAsync(room.Id, FileCalls.Text(), "notes.txt");
        var known = GifProviderStandIn.IdOf("giphy", "cat 1");
        var before = (await alice.MessagesAsync(room.Id)).Messages.Count;

        var unknown = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync("SendMessage", new { roomId = room.Id, text = "", gifId = "no-such-gif" }));
        var both = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync("SendMessage", new { roomId = room.Id, text = "", gifId = known, attachmentIds = new[] { upload.Id } }));

        Assert.Equal("validation_failed", unknown.Code());
        Assert.Contains("gifId", unknown.Message, StringComparison.Ordinal);
        Assert.Equal("validation_failed", both.Code());
        Assert.Equal(before, (await alice.MessagesAsync(room.Id)).Messages.Count);
    }
}
