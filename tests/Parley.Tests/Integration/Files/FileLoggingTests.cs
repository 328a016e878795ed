using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;
using static Parley.Tests.Integration.Files.FileCalls;

namespace Parley.Tests.Integration.Files;

/// <summary>Refused uploads are ordinary (a wrong file, a full quota, a stranger's link): the operator's log stays quiet about them.</summary>
public sealed class FileLoggingTests
{
    /// <summary>
    /// Every kind of refused upload, download and attachment, over HTTP and the hub, writes nothing at Warning or above
    /// and no stack trace, even where the refusal interrupts the body being read (a chunked file over the limit).
    /// </summary>
    [Fact]
    public async Task FileRefusals_LogNothingAboveInformationAndNoStackTrace()
    {
        await using var server = await ParleyServer.StartAsync(new Dictionary<string, string>
        {
            ["Parley:Files:MaxFileBytes"] = "50000",
            ["Parley:Files:QuotaBytesPerUser"] = "60000",
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Information",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Warning",
            ["Logging:LogLevel:Parley"] = "Debug",
            ["Logging:Console:LogLevel:Default"] = "None",
        });
        using var alice = await ApiClient.RegisterAsync(server);
        using var mallory = await ApiClient.RegisterAsync(server);
        var room = await alice.CreateRoomAsync("private");
        await using var hub = await alice.ConnectHubAsync();
        var sent = await alice.UploadOkAsync(room.Id, Text(new string('x', 40_000)), "big.txt");
        await hub.SendFilesAsync(room.Id, "", sent.Id);
        var logs = LogCapture.AttachTo(server);

        var statuses = new List<(int, string)>();
        for (var i = 0; i < 5; i++)
        {
            statuses.Add(await (await alice.UploadAsync(room.Id, Php(), "shell.jpg")).StatusAndCodeAsync());
            statuses.Add(await (await alice.UploadAsync(room.Id, Text(new string('y', 60_000)), "huge.txt")).StatusAndCodeAsync());
            statuses.Add(await (await alice.UploadAsync(room.Id, Text(new string('z', 30_000)), "over-quota.txt")).StatusAndCodeAsync());
            statuses.Add(await ChunkedStatusAsync(alice, room.Id, Text(new string('w', 45_000))));
            statuses.Add(await (await alice.UploadAsync(room.Id, [], "empty.txt")).StatusAndCodeAsync());
            statuses.Add(await (await alice.UploadAsync(room.Id, PngBomb(), "bomb.png")).StatusAndCodeAsync());
            statuses.Add(await (await alice.UploadAsync(room.Id, Pdf(), name: null, query: "voice=true")).StatusAndCodeAsync());
            statuses.Add(await (await mallory.GetAsync(sent.Url)).StatusAndCodeAsync());
            statuses.Add(await (await mallory.UploadAsync(room.Id, Pdf(), "in.pdf")).StatusAndCodeAsync());
            statuses.Add(await (await alice.DeleteAsync($"/api/files/{sent.Id}")).StatusAndCodeAsync());
        }

        var refusedAttachment = await Assert.ThrowsAsync<HubException>(() => hub.SendFilesAsync(room.Id, "", sent.Id));

        Assert.Equal(
            [(415, "file_type_not_allowed"), (413, "file_too_large"), (409, "quota_exceeded"), (409, "quota_exceeded"), (400, "file_empty"), (400, "image_too_large"),
             (400, "voice_not_audio"), (404, "file_not_found"), (404, "room_not_found"), (409, "file_already_sent")],
            statuses.Chunk(10).Last());
        Assert.Equal("validation_failed", refusedAttachment.Code());
        var entries = logs.Entries;
        var loud = entries.Where(e => e.Level >= LogLevel.Warning).ToList();
        Assert.True(loud.Count == 0, $"Refusals logged at Warning or above:\n{string.Join("\n", loud.Take(5))}");
        var traced = entries.Where(e => e.Level >= LogLevel.Information && (e.Exception is not null || e.Message.Contains("   at ", StringComparison.Ordinal))).ToList();
        Assert.True(traced.Count == 0, $"Refusals logged with a stack trace:\n{string.Join("\n", traced.Take(5))}");
        Assert.Empty(WorkFiles(server.DataDirectory));
    }

    private static async Task<(int, string)> ChunkedStatusAsync(ApiClient user, long conversationId, byte[] content)
    {
        using var body = new StreamContent(new UnknownLengthStream(content));
        using var response = await user.Http.PostAsync($"/api/conversations/{conversationId}/files?name=chunked.txt", body);
        return await response.StatusAndCodeAsync();
    }
}
