using System.Net;
using Parley.Files;
using Parley.Media;
using static Parley.Tests.Integration.Files.FileCalls;

namespace Parley.Tests.Integration.Files;

/// <summary>The limits on files, each on a server of its own with the setting it needs.</summary>
public sealed class FileLimitsTests
{
    /// <summary>
    /// A file declared larger than MaxFileBytes is refused with 413 file_too_large before its body is read: a client
    /// that waits for "100 Continue" never sends it. Other requests keep the small body limit.
    /// </summary>
    [Fact]
    public async Task Upload_DeclaredLargerThanTheLimit_Is413BeforeTheBodyIsRead()
    {
        await using var server = await ParleyServer.StartAsync(new Dictionary<string, string> { ["Parley:Files:MaxFileBytes"] = "100000" });
        using var alice = await ApiClient.RegisterAsync(server);
        var room = await alice.CreateRoomAsync();
        var body = new WatchedContent(new byte[200_000]);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/conversations/{room.Id}/files?name=big.pdf") { Content = body };
        request.Headers.ExpectContinue = true;

        using var response = await alice.Http.SendAsync(request);
        var problem = await response.ReadProblemAsync();
        var fits = await alice.UploadOkAsync(room.Id, [.. Pdf(), .. new byte[90_000]], "fits.pdf");

        Assert.Equal((413, "file_too_large"), (problem.Status, problem.Code));
        Assert.Contains("97.7 KB", problem.Detail, StringComparison.Ordinal);
        Assert.False(body.WasSent, "The body was sent although the refusal came first.");
        Assert.Equal(FileKind.Document, fits.Kind);
    }

    /// <summary>A body with no declared length (chunked) is cut off as it passes the limit: 413 file_too_large, nothing kept.</summary>
    [Fact]
    public async Task Upload_ChunkedBodyOverTheLimit_Is413AndLeavesNothing()
    {
        await using var server = await ParleyServer.StartAsync(new Dictionary<string, string> { ["Parley:Files:MaxFileBytes"] = "100000" });
        using var alice = await ApiClient.RegisterAsync(server);
        var room = await alice.CreateRoomAsync();

        var status = await UploadChunkedAsync(alice, room.Id, [.. Pdf(), .. new byte[150_000]]);

        Assert.Equal((413, "file_too_large"), status);
        Assert.Equal(0, (await alice.UsageAsync()).UsedBytes);
        Assert.Empty(StoredKeys(server.DataDirectory));
        Assert.Empty(WorkFiles(server.DataDirectory));
    }

    /// <summary>The per-user quota counts every stored file; an upload that would pass it is refused (declared or not) with used and quota named.</summary>
    [Fact]
    public async Task Upload_PastTheQuota_Is409QuotaExceeded()
    {
        await using var server = await ParleyServer.StartAsync(new Dictionary<string, string> { ["Parley:Files:QuotaBytesPerUser"] = "3000" });
        using var alice = await ApiClient.RegisterAsync(server);
        using var bob = await ApiClient.RegisterAsync(server);
        var room = await alice.CreateRoomAsync();
        await bob.JoinAsync(room.Id);
        var file = Text(new string('x', 2000));
        await alice.UploadOkAsync(room.Id, file, "first.txt");

        var declared = await (await alice.UploadAsync(room.Id, file, "second.txt")).ReadProblemAsync();
        var chunked = await UploadChunkedAsync(alice, room.Id, file);
        var someoneElse = await bob.UploadOkAsync(room.Id, file, "bobs.txt");

        Assert.Equal((409, "quota_exceeded"), (declared.Status, declared.Code));
        Assert.Contains("use 2 KB of your 2.9 KB", declared.Detail, StringComparison.Ordinal);
        Assert.Equal((409, "quota_exceeded"), chunked);
        Assert.Equal(2000, someoneElse.Size);
        Assert.Empty(WorkFiles(server.DataDirectory));
    }

    /// <summary>
    /// The quota holds against uploads that arrive together: with room for three files, six at once store exactly
    /// three. On PostgreSQL (whose writers do not wait for each other as SQLite's do) each would otherwise find the
    /// quota unused and be stored.
    /// </summary>
    [Fact]
    public async Task Upload_SixAtOnceWithRoomForThree_StoresExactlyThree()
    {
        await using var server = await ParleyServer.StartAsync(new Dictionary<string, string> { ["Parley:Files:QuotaBytesPerUser"] = "3000" });
        using var alice = await ApiClient.RegisterAsync(server);
        var room = await alice.CreateRoomAsync();
        var file = Text(new string('x', 1000));

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => ProblemExtensions.OutcomeAsync(alice.UploadAsync(room.Id, file, $"part{i}.txt"))));

        Assert.Equal(3, answers.Count(a => a.Item1 is >= 200 and < 300));
        Assert.Equal(3, answers.Count(a => a == (409, "quota_exceeded")));
        Assert.Equal(3000, (await alice.UsageAsync()).UsedBytes);
    }

    /// <summary>
    /// With AllowOtherFiles, a type off the allow-list is kept as a generic download: application/octet-stream, served
    /// as an attachment, never inline, whatever its name says.
    /// </summary>
    [Fact]
    public async Task Upload_UnknownTypeWithAllowOtherFiles_IsAnOctetStreamDownload()
    {
        await using var server = await ParleyServer.StartAsync(new Dictionary<string, string> { ["Parley:Files:AllowOtherFiles"] = "true" });
        using var alice = await ApiClient.RegisterAsync(server);
        var room = await alice.CreateRoomAsync();

        var uploaded = await alice.UploadOkAsync(room.Id, Html(), "cute-cat.jpg");
        using var download = await alice.GetAsync(uploaded.Url);

        Assert.Equal((FileKind.Other, "application/octet-stream", (string?)null), (uploaded.Kind, uploaded.ContentType, uploaded.ThumbnailUrl));
        Assert.Equal("application/octet-stream", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("sandbox; default-src 'none'", download.Headers.GetValues("Content-Security-Policy").Single());
    }

    /// <summary>Uploads have their own per-user allowance (UserLimit.Uploads): past its burst, 429 rate_limited with Retry-After.</summary>
    [Fact]
    public async Task Upload_PastTheBurst_IsRateLimited()
    {
        await using var server = await ParleyServer.StartAsync(new Dictionary<string, string> { ["Parley:RateLimits:Uploads:Burst"] = "2", ["Parley:RateLimits:Uploads:PerMinute"] = "1" });
        using var alice = await ApiClient.RegisterAsync(server);
        var room = await alice.CreateRoomAsync();

        await alice.UploadOkAsync(room.Id, Text(), "1.txt");
        await alice.UploadOkAsync(room.Id, Text(), "2.txt");
        using var third = await alice.UploadAsync(room.Id, Text(), "3.txt");

        Assert.Equal((429, "rate_limited"), await third.StatusAndCodeAsync());
        Assert.NotNull(third.Headers.RetryAfter);
    }

    /// <summary>
    /// The sweep removes uploads never sent once UnattachedLifetime has passed (row, bytes and quota), and leaves sent
    /// files alone. Driven directly, with the lifetime set to zero: no waiting.
    /// </summary>
    [Fact]
    public async Task Sweep_RemovesStaleUnsentUploads_KeepsSentFiles()
    {
        await using var server = await ParleyServer.StartAsync(new Dictionary<string, string> { ["Parley:Files:UnattachedLifetime"] = "00:00:00" });
        using var alice = await ApiClient.RegisterAsync(server);
        var room = await alice.CreateRoomAsync();
        await using var hub = await alice.ConnectHubAsync();
        var sent = await alice.UploadOkAsync(room.Id, Pdf(), "sent.pdf");
        await hub.SendFilesAsync(room.Id, "", sent.Id);
        var unsent = await alice.UploadOkAsync(room.Id, Text(), "forgotten.txt");

        var swept = await server.GetRequiredService<FileCleanup>().SweepAsync(CancellationToken.None);

        Assert.Equal(1, swept.UnsentUploads);
        Assert.Equal((404, "file_not_found"), await (await alice.GetAsync(unsent.Url)).StatusAndCodeAsync());
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync(sent.Url)).StatusCode);
        Assert.Single(StoredKeys(server.DataDirectory));
        Assert.Equal(sent.Size, (await alice.UsageAsync()).UsedBytes);
    }

    /// <summary>With the default lifetime (an hour), a fresh unsent upload survives a sweep: someone may still be typing its message.</summary>
    [Fact]
    public async Task Sweep_KeepsUnsentUploadsYoungerThanTheLifetime()
    {
        await using var server = await ParleyServer.StartAsync();
        using var alice = await ApiClient.RegisterAsync(server);
        var room = await alice.CreateRoomAsync();
        var unsent = await alice.UploadOkAsync(room.Id, Text(), "typing.txt");

        var swept = await server.GetRequiredService<FileCleanup>().SweepAsync(CancellationToken.None);

        Assert.Equal(new SweepResult(0, 0, 0), swept);
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync(unsent.Url)).StatusCode);
    }

    /// <summary>
    /// Stored files no row names (a crash between storing and recording, a failed delete) are removed once an hour
    /// old; a younger one may belong to an upload in flight and stays. Abandoned work files go too.
    /// </summary>
    [Fact]
    public async Task Sweep_RemovesOrphansOlderThanAnHour_AndAbandonedWorkFiles()
    {
        await using var server = await ParleyServer.StartAsync();
        using var alice = await ApiClient.RegisterAsync(server);
        var room = await alice.CreateRoomAsync();
        var kept = await alice.UploadOkAsync(room.Id, Text(), "kept.txt");
        var files = Path.Combine(server.DataDirectory, "files");
        var oldOrphan = Orphan(files, "ab", DateTime.UtcNow.AddHours(-2));
        var youngOrphan = Orphan(files, "cd", DateTime.UtcNow.AddMinutes(-10));
        var abandoned = Path.Combine(files, "tmp", "0123456789abcdef0123456789abcdef.part");
        await File.WriteAllBytesAsync(abandoned, new byte[100]);

        var swept = await server.GetRequiredService<FileCleanup>().SweepAsync(CancellationToken.None);

        Assert.Equal(new SweepResult(0, 1, 1), swept);
        Assert.False(File.Exists(oldOrphan));
        Assert.True(File.Exists(youngOrphan));
        Assert.False(File.Exists(abandoned));
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync(kept.Url)).StatusCode);

        static string Orphan(string files, string shard, DateTime writtenAt)
        {
            var path = Path.Combine(files, shard, shard + new string('0', 30));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, new byte[10]);
            File.SetLastWriteTimeUtc(path, writtenAt);
            return path;
        }
    }

    private static async Task<(int, string)> UploadChunkedAsync(ApiClient user, long conversationId, byte[] content)
    {
        // A stream of unknown length: HttpClient sends it chunked, without Content-Length.
        using var body = new StreamContent(new UnknownLengthStream(content));
        try
        {
            using var response = await user.Http.PostAsync($"/api/conversations/{conversationId}/files?name=chunked.pdf", body);
            return await response.StatusAndCodeAsync();
        }
        catch (HttpRequestException)
        {
            return (0, "cut off");
        }
    }

    /// <summary>A body that remembers whether it was sent.</summary>
    private sealed class WatchedContent(byte[] content) : HttpContent
    {
        public bool WasSent { get; private set; }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            WasSent = true;
            await stream.WriteAsync(content);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = content.Length;
            return true;
        }
    }
}

/// <summary>A readable stream that does not tell its length, so HTTP sends it in chunks.</summary>
internal sealed class UnknownLengthStream(byte[] content) : Stream
{
    private readonly MemoryStream _inner = new(content);

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, Math.Min(count, 8192));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        _inner.Dispose();
        base.Dispose(disposing);
    }
}
