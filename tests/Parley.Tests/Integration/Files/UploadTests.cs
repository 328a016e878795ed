using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Parley.Media;
using static Parley.Tests.Integration.Files.FileCalls;

namespace Parley.Tests.Integration.Files;

/// <summary>Uploading files and getting them back: types decided by content, names made harmless, access as for messages.</summary>
[Collection(SharedServer.Name)]
public sealed class UploadTests(ServerFixture fixture)
{
    /// <summary>A PDF is typed by its content, stored, and served to a member as a download with the sandboxing headers.</summary>
    [Fact]
    public async Task Upload_APdf_IsServedToMembersAsADownloadWithSafeHeaders()
    {
        using var alice = await fixture.UserAsync("alice");
        using var bob = await fixture.UserAsync("bob");
        var room = await alice.CreateRoomAsync();
        await bob.JoinAsync(room.Id);
        await using var hub = await alice.ConnectHubAsync();

        var uploaded = await alice.UploadOkAsync(room.Id, Pdf(), "Quarterly report.pdf");
        await hub.SendFilesAsync(room.Id, "the report", uploaded.Id);
        using var download = await bob.GetAsync(uploaded.Url);

        Assert.Equal((FileKind.Document, "application/pdf", "Quarterly report.pdf", (long)Pdf().Length), (uploaded.Kind, uploaded.ContentType, uploaded.Name, uploaded.Size));
        Assert.Equal($"/api/files/{uploaded.Id}", uploaded.Url);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(Pdf(), await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("Quarterly report.pdf", download.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("sandbox; default-src 'none'", download.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal((true, TimeSpan.FromDays(365), "immutable"), (download.Headers.CacheControl!.Private, download.Headers.CacheControl.MaxAge, download.Headers.CacheControl.Extensions.Single().Name));
    }

    /// <summary>The server believes the content, not the name or the browser's claim: a PHP script or an HTML page named .jpg is refused, and the answer says what it is.</summary>
    [Theory]
    [InlineData("php", "PHP")]
    [InlineData("html", "HTML")]
    [InlineData("svg", "SVG")]
    public async Task Upload_ScriptOrMarkupNamedJpg_IsRefusedAsNotAllowed(string sample, string named)
    {
        using var alice = await fixture.UserAsync("alice");
        var room = await alice.CreateRoomAsync();
        var content = sample switch { "php" => Php(), "html" => Html(), _ => SvgWithScript() };

        using var response = await alice.UploadAsync(room.Id, content, "holiday.jpg");
        var problem = await response.ReadProblemAsync();

        Assert.Equal((415, "file_type_not_allowed"), (problem.Status, problem.Code));
        Assert.Contains(named, problem.Detail, StringComparison.Ordinal);
        Assert.Equal(0, (await alice.UsageAsync()).UsedBytes);
    }

    /// <summary>
    /// A file name is text to show, never a path: folders, control characters, NUL and the right-to-left override are
    /// dropped, a very long name is cut (keeping its extension), and the file is stored and served all the same.
    /// </summary>
    [Theory]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("..\\..\\windows\\win.ini", "win.ini")]
    [InlineData("notes\0.txt", "notes.txt")]
    [InlineData("line\r\nbreak.txt", "linebreak.txt")]
    [InlineData("invoice\u202Etxt.exe", "invoicetxt.exe")]
    [InlineData("..", "file")]
    [InlineData(".bashrc", "bashrc")]
    public async Task Upload_HostileFileName_IsCleanedForDisplay(string name, string shown)
    {
        using var alice = await fixture.UserAsync("alice");
        var room = await alice.CreateRoomAsync();

        var uploaded = await alice.UploadOkAsync(room.Id, Text(), name);
        using var download = await alice.GetAsync(uploaded.Url);

        Assert.Equal(shown, uploaded.Name);
        Assert.Equal(Text(), await download.Content.ReadAsByteArrayAsync());
        Assert.Equal(shown, download.Content.Headers.ContentDisposition?.FileNameStar);
    }

    /// <summary>A name longer than 255 characters is shortened to 255, extension kept, never refused.</summary>
    [Fact]
    public async Task Upload_VeryLongName_IsCutTo255KeepingTheExtension()
    {
        using var alice = await fixture.UserAsync("alice");
        var room = await alice.CreateRoomAsync();

        var uploaded = await alice.UploadOkAsync(room.Id, Text(), new string('a', 1000) + ".txt");

        Assert.Equal(255, uploaded.Name.Length);
        Assert.EndsWith("aaa.txt", uploaded.Name, StringComparison.Ordinal);
    }

    /// <summary>An empty body, or an upload without a name, is refused with its own code.</summary>
    [Fact]
    public async Task Upload_EmptyOrNameless_IsRefused()
    {
        using var alice = await fixture.UserAsync("alice");
        var room = await alice.CreateRoomAsync();

        var empty = await (await alice.UploadAsync(room.Id, [], "empty.txt")).ReadProblemAsync();
        var nameless = await (await alice.UploadAsync(room.Id, Text(), name: null)).ReadProblemAsync();

        Assert.Equal((400, "file_empty"), (empty.Status, empty.Code));
        Assert.Equal((400, "validation_failed"), (nameless.Status, nameless.Code));
        Assert.True(nameless.Errors.ContainsKey("name"));
    }

    /// <summary>An upload not yet sent is its uploader's alone: another member of the conversation gets 404 until it is sent.</summary>
    [Fact]
    public async Task Download_UnsentUpload_OnlyItsUploaderSeesIt()
    {
        using var alice = await fixture.UserAsync("alice");
        using var bob = await fixture.UserAsync("bob");
        var room = await alice.CreateRoomAsync();
        await bob.JoinAsync(room.Id);
        await using var hub = await alice.ConnectHubAsync();
        var uploaded = await alice.UploadOkAsync(room.Id, Text(), "draft.txt");

        var byUploader = await alice.GetAsync(uploaded.Url);
        var byMemberBefore = await (await bob.GetAsync(uploaded.Url)).StatusAndCodeAsync();
        await hub.SendFilesAsync(room.Id, "", uploaded.Id);
        var byMemberAfter = await bob.GetAsync(uploaded.Url);

        Assert.Equal(HttpStatusCode.OK, byUploader.StatusCode);
        Assert.Equal((404, "file_not_found"), byMemberBefore);
        Assert.Equal(HttpStatusCode.OK, byMemberAfter.StatusCode);
    }

    /// <summary>Someone outside the conversation gets the same 404 as for a file that does not exist; signed out, 401.</summary>
    [Fact]
    public async Task Download_NonMemberOrSignedOut_GetsNothing()
    {
        using var alice = await fixture.UserAsync("alice");
        using var mallory = await fixture.UserAsync("mallory");
        var room = await alice.CreateRoomAsync("private");
        await using var hub = await alice.ConnectHubAsync();
        var uploaded = await alice.UploadOkAsync(room.Id, Pdf(), "secret.pdf");
        await hub.SendFilesAsync(room.Id, "", uploaded.Id);
        using var anonymous = ApiClient.Anonymous(fixture.Server);

        var stranger = await mallory.GetAsync(uploaded.Url);
        var missing = await (await mallory.GetAsync("/api/files/AAAAAAAAAAAAAAAAAAAAAA")).ReadProblemAsync();
        var signedOut = await (await anonymous.GetAsync(uploaded.Url)).StatusAndCodeAsync();

        var problem = await stranger.ReadProblemAsync();
        Assert.Equal((404, "file_not_found"), (problem.Status, problem.Code));
        Assert.Equal(missing.Detail, problem.Detail);
        Assert.Equal((401, "not_signed_in"), signedOut);
    }

    /// <summary>Seeking in a video or a voice message asks for a range: the answer is 206 with just those bytes.</summary>
    [Fact]
    public async Task Download_WithRange_AnswersPartialContent()
    {
        using var alice = await fixture.UserAsync("alice");
        var room = await alice.CreateRoomAsync();
        var content = Text(string.Concat(Enumerable.Range(0, 100).Select(i => $"line {i}\n")));
        var uploaded = await alice.UploadOkAsync(room.Id, content, "lines.txt");

        using var request = new HttpRequestMessage(HttpMethod.Get, uploaded.Url);
        request.Headers.Range = new RangeHeaderValue(10, 19);
        using var response = await alice.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal($"bytes 10-19/{content.Length}", response.Content.Headers.ContentRange?.ToString());
        Assert.Equal(content[10..20], await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("bytes", response.Headers.AcceptRanges.Single());
    }

    /// <summary>
    /// An image gets a thumbnail and its dimensions with the upload (so the list does not jump while loading), and is
    /// shown inline; its thumbnail is a WebP, under the same access rule.
    /// </summary>
    [Fact]
    public async Task Upload_AnImage_HasDimensionsAndAThumbnailAndIsShownInline()
    {
        using var alice = await fixture.UserAsync("alice");
        using var mallory = await fixture.UserAsync("mallory");
        var room = await alice.CreateRoomAsync("private");

        var uploaded = await alice.UploadOkAsync(room.Id, Png(640, 400), "diagram.png");
        using var image = await alice.GetAsync(uploaded.Url);
        using var thumbnail = await alice.GetAsync(uploaded.ThumbnailUrl!);
        var strangerThumbnail = await (await mallory.GetAsync(uploaded.ThumbnailUrl!)).StatusAndCodeAsync();

        Assert.Equal((FileKind.Image, "image/png", 640, 400), (uploaded.Kind, uploaded.ContentType, uploaded.Width, uploaded.Height));
        Assert.Equal($"/api/files/{uploaded.Id}/thumbnail", uploaded.ThumbnailUrl);
        Assert.Equal("inline", image.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("image/webp", thumbnail.Content.Headers.ContentType?.MediaType);
        using var decoded = NetVips.Image.NewFromBuffer(await thumbnail.Content.ReadAsByteArrayAsync());
        Assert.Equal(480, Math.Max(decoded.Width, decoded.Height));
        Assert.Equal((404, "file_not_found"), strangerThumbnail);
    }

    /// <summary>EXIF (with the GPS position a phone writes) is stripped from what is served: the photo is downloaded without it.</summary>
    [Fact]
    public async Task Upload_JpegWithGpsExif_IsServedWithoutIt()
    {
        using var alice = await fixture.UserAsync("alice");
        var room = await alice.CreateRoomAsync();
        var photo = JpegWithGps();
        using (var original = NetVips.Image.NewFromBuffer(photo))
        {
            Assert.Contains(original.GetFields(), f => f.StartsWith("exif-ifd3-GPS", StringComparison.Ordinal)); // the sample really carries a position
        }

        var uploaded = await alice.UploadOkAsync(room.Id, photo, "IMG_0001.jpg");
        var served = await (await alice.GetAsync(uploaded.Url)).Content.ReadAsByteArrayAsync();

        using var image = NetVips.Image.NewFromBuffer(served);
        Assert.DoesNotContain(image.GetFields(), f => f.StartsWith("exif-ifd3-", StringComparison.Ordinal));
        Assert.DoesNotContain(ExifMarker, Encoding.ASCII.GetString(served), StringComparison.Ordinal);
        Assert.Equal((64, 48), (image.Width, image.Height));
        Assert.Equal(served.Length, uploaded.Size);
    }

    /// <summary>A decompression bomb (a small PNG claiming 10 billion pixels) is refused from its header, never decoded.</summary>
    [Fact]
    public async Task Upload_DecompressionBomb_IsRefusedAsTooLarge()
    {
        using var alice = await fixture.UserAsync("alice");
        var room = await alice.CreateRoomAsync();

        var problem = await (await alice.UploadAsync(room.Id, PngBomb(), "bomb.png")).ReadProblemAsync();

        Assert.Equal((400, "image_too_large"), (problem.Status, problem.Code));
        Assert.Equal(0, (await alice.UsageAsync()).UsedBytes);
    }

    /// <summary>
    /// A zip bomb (half a gigabyte of zeros packed into a "document" of well under a megabyte) is only ever kept and
    /// served as the bytes it is: typed from its first bytes, never unpacked, so the server's memory does not grow
    /// by what it would unpack to, and it is offered as a download, never opened in the browser.
    /// </summary>
    [Fact]
    public async Task Upload_ZipBombAsADocument_IsKeptAsADownloadAndNeverUnpacked()
    {
        using var alice = await fixture.UserAsync("alice");
        var room = await alice.CreateRoomAsync();
        var bomb = ZipBomb(unpackedBytes: 512L * 1024 * 1024);
        ProcessPeak.Reset();

        var uploaded = await alice.UploadOkAsync(room.Id, bomb, "quarterly.docx");
        var grew = ProcessPeak.GrowthMegabytes();
        using var served = await alice.GetAsync(uploaded.Url);

        Assert.True(bomb.Length < 1024 * 1024, $"the bomb should be small packed, was {bomb.Length} bytes");
        Assert.True(grew < 256, $"the server's memory grew by {grew:F0} MB while taking a bomb that unpacks to 512 MB");
        Assert.Equal((FileKind.Document, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"), (uploaded.Kind, uploaded.ContentType));
        Assert.Equal("attachment", served.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal(bomb, await served.Content.ReadAsByteArrayAsync());
    }

    private static byte[] ZipBomb(long unpackedBytes)
    {
        using var zip = new MemoryStream();
        using (var archive = new System.IO.Compression.ZipArchive(zip, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var types = archive.CreateEntry("[Content_Types].xml").Open())
            {
                types.Write("<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"u8);
            }

            using var document = archive.CreateEntry("word/document.xml", System.IO.Compression.CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1024 * 1024];
            for (long written = 0; written < unpackedBytes; written += zeros.Length)
            {
                document.Write(zeros);
            }
        }

        return zip.ToArray();
    }

    /// <summary>This process's peak resident memory (the server runs in it), reset on demand (Linux).</summary>
    private static class ProcessPeak
    {
        private static double _start;

        public static void Reset()
        {
            GC.Collect();
            File.WriteAllText("/proc/self/clear_refs", "5");
            _start = Read("VmRSS:");
        }

        public static double GrowthMegabytes() => Read("VmHWM:") - _start;

        private static double Read(string key) =>
            long.Parse(File.ReadAllLines("/proc/self/status").Single(l => l.StartsWith(key, StringComparison.Ordinal))[key.Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) / 1024.0;
    }

    /// <summary>The uploader can take back an upload before sending it (its bytes and quota freed); a sent one goes only with its message.</summary>
    [Fact]
    public async Task Cancel_UnsentUploadIsDeleted_SentOneIsRefused()
    {
        using var alice = await fixture.UserAsync("alice");
        using var bob = await fixture.UserAsync("bob");
        var room = await alice.CreateRoomAsync();
        await bob.JoinAsync(room.Id);
        await using var hub = await alice.ConnectHubAsync();
        var draft = await alice.UploadOkAsync(room.Id, Text("draft"), "draft.txt");
        var sent = await alice.UploadOkAsync(room.Id, Text("final"), "final.txt");
        await hub.SendFilesAsync(room.Id, "", sent.Id);

        var byOther = await (await bob.DeleteAsync($"/api/files/{draft.Id}")).StatusAndCodeAsync();
        using var cancelled = await alice.DeleteAsync($"/api/files/{draft.Id}");
        var afterCancel = await (await alice.GetAsync(draft.Url)).StatusAndCodeAsync();
        var sentRefused = await (await alice.DeleteAsync($"/api/files/{sent.Id}")).StatusAndCodeAsync();

        Assert.Equal((404, "file_not_found"), byOther);
        Assert.Equal(HttpStatusCode.NoContent, cancelled.StatusCode);
        Assert.Equal((404, "file_not_found"), afterCancel);
        Assert.Equal((409, "file_already_sent"), sentRefused);
        Assert.Equal(sent.Size, (await alice.UsageAsync()).UsedBytes);
    }

    /// <summary>The usage endpoint tells the composer the caller's stored bytes and the limits it must respect.</summary>
    [Fact]
    public async Task Usage_CountsTheCallersFilesAndStatesTheLimits()
    {
        using var alice = await fixture.UserAsync("alice");
        var room = await alice.CreateRoomAsync();
        await alice.UploadOkAsync(room.Id, Pdf(), "a.pdf");
        await alice.UploadOkAsync(room.Id, Text(), "b.txt");

        var usage = await alice.UsageAsync();

        Assert.Equal(new FileUsage(Pdf().Length + Text().Length, 1024L * 1024 * 1024, 25L * 1024 * 1024, 10, 300), usage);
    }

    /// <summary>
    /// A voice message is probed by the server: its duration comes from the recording (not the client), its waveform is
    /// kept as sent; one that is too long, not audio, or has a malformed waveform is refused.
    /// </summary>
    [Fact]
    public async Task Upload_Voice_IsProbedAndValidated()
    {
        using var alice = await fixture.UserAsync("alice");
        var room = await alice.CreateRoomAsync();

        var voice = await alice.UploadOkAsync(room.Id, OggVoice(12.5), name: "anything.ogg", query: "voice=true&waveform=0,10,55,100,3");
        var tooLong = await (await alice.UploadAsync(room.Id, OggVoice(301), name: null, query: "voice=true")).ReadProblemAsync();
        var notAudio = await (await alice.UploadAsync(room.Id, Pdf(), name: null, query: "voice=true")).ReadProblemAsync();
        var badWaveform = await (await alice.UploadAsync(room.Id, OggVoice(3), name: null, query: "voice=true&waveform=1,2,101")).ReadProblemAsync();
        var longWaveform = await (await alice.UploadAsync(room.Id, OggVoice(3), name: null, query: "voice=true&waveform=" + string.Join(',', Enumerable.Repeat(5, 101)))).ReadProblemAsync();

        Assert.Equal((FileKind.Voice, "voice message.ogg", 12_500), (voice.Kind, voice.Name, voice.DurationMs));
        Assert.Equal([0, 10, 55, 100, 3], voice.Waveform);
        Assert.StartsWith("audio/", voice.ContentType, StringComparison.Ordinal);
        Assert.Equal((400, "voice_too_long"), (tooLong.Status, tooLong.Code));
        Assert.Equal((400, "voice_not_audio"), (notAudio.Status, notAudio.Code));
        Assert.Equal((400, "validation_failed"), (badWaveform.Status, badWaveform.Code));
        Assert.True(badWaveform.Errors.ContainsKey("waveform"));
        Assert.True(longWaveform.Errors.ContainsKey("waveform"));
    }
}
