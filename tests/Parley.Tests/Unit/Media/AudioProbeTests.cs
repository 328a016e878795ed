using System.Diagnostics;
using Parley.Media;
using Xunit.Abstractions;

namespace Parley.Tests.Unit.Media;

/// <summary>
/// The server measures how long a voice message or audio file plays from the container itself (the browser's claim
/// is not trusted), including the WebM files browsers' MediaRecorder writes without a Duration; hostile files cost
/// bounded work and give "cannot tell", never an error.
/// </summary>
public sealed class AudioProbeTests(ITestOutputHelper output)
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Unit", "Media", "Fixtures");

    /// <summary>A 2-second voice recording made by Chromium's MediaRecorder (WebM/Opus, no Duration element) measures 2 s, and is audio.</summary>
    [Fact]
    public void Duration_ChromiumWebmVoiceRecording_IsAboutTwoSeconds()
    {
        using var file = File.OpenRead(Path.Combine(Fixtures, "chromium-voice-2s.webm"));

        AssertAbout(TimeSpan.FromSeconds(2), AudioProbe.Duration(file));
        Assert.False(AudioProbe.HasVideo(file));
        Assert.Equal(new DetectedType("audio/webm", FileKind.Audio, "webm"), ContentSniffer.Detect(Header(file)));
    }

    /// <summary>Chromium's MP4 recording (fragmented: the movie header says 0) measures 2 s from its fragments, and is audio.</summary>
    [Fact]
    public void Duration_ChromiumMp4VoiceRecording_IsAboutTwoSeconds()
    {
        using var file = File.OpenRead(Path.Combine(Fixtures, "chromium-voice-2s.mp4"));

        AssertAbout(TimeSpan.FromSeconds(2), AudioProbe.Duration(file));
        Assert.False(AudioProbe.HasVideo(file));
        Assert.Equal(new DetectedType("audio/mp4", FileKind.Audio, "m4a"), ContentSniffer.Detect(Header(file)));
    }

    /// <summary>A Chromium camera recording (VP8 + Opus WebM) is video, and measures 1 s.</summary>
    [Fact]
    public void Duration_ChromiumWebmVideoRecording_IsVideoOfAboutOneSecond()
    {
        using var file = File.OpenRead(Path.Combine(Fixtures, "chromium-video-1s.webm"));

        AssertAbout(TimeSpan.FromSeconds(1), AudioProbe.Duration(file));
        Assert.True(AudioProbe.HasVideo(file));
        Assert.Equal(new DetectedType("video/webm", FileKind.Video, "webm"), ContentSniffer.Detect(Header(file)));
    }

    /// <summary>
    /// Unknown-size Segment and Clusters, no Duration (MediaRecorder's layout): the length is the last block's time
    /// plus one frame — 3 clusters × 50 blocks × 20 ms = 3 s.
    /// </summary>
    [Fact]
    public void Duration_WebmWithUnknownSizesAndNoDuration_IsTheEndOfTheLastBlock()
    {
        using var file = new MemoryStream(MediaSamples.RecorderWebM(clusters: 3, blocksPerCluster: 50, frameMs: 20));

        Assert.Equal(TimeSpan.FromSeconds(3), AudioProbe.Duration(file));
    }

    /// <summary>The blocks are what plays: a Duration element that claims less does not shorten a recording.</summary>
    [Fact]
    public void Duration_WebmDeclaringLessThanItHolds_IsWhatItHolds()
    {
        using var file = new MemoryStream(MediaSamples.RecorderWebM(clusters: 2, blocksPerCluster: 50, frameMs: 20, declaredDurationMs: 500));

        Assert.Equal(TimeSpan.FromSeconds(2), AudioProbe.Duration(file));
    }

    /// <summary>A WebM with a declared Duration and no blocks yet is as long as it declares.</summary>
    [Fact]
    public void Duration_WebmWithDurationAndNoBlocks_IsTheDeclaredDuration()
    {
        using var file = new MemoryStream(MediaSamples.RecorderWebM(clusters: 0, blocksPerCluster: 0, frameMs: 20, declaredDurationMs: 4500));

        Assert.Equal(TimeSpan.FromSeconds(4.5), AudioProbe.Duration(file));
    }

    /// <summary>Ogg Opus: the last page's granule position less OpusHead's pre-skip, at 48 kHz.</summary>
    [Fact]
    public void Duration_OggOpus_IsLastGranuleLessPreSkip()
    {
        using var file = new MemoryStream(MediaSamples.OggOpus(samples: 48000 * 5 / 2, preSkip: 312));

        Assert.Equal(TimeSpan.FromSeconds(2.5), AudioProbe.Duration(file));
    }

    /// <summary>Bytes that look like a page header but fail the CRC (junk after the last page) are not taken for the last page.</summary>
    [Fact]
    public void Duration_OggWithJunkAfterTheLastPage_StillReadsTheLastRealPage()
    {
        byte[] junk = [.. "OggS"u8, 0, 4, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F, 7, 0, 0, 0, 9, 0, 0, 0, 1, 2, 3, 4, 0];
        using var file = new MemoryStream([.. MediaSamples.OggOpus(samples: 48000 * 3, preSkip: 312), .. junk]);

        Assert.Equal(TimeSpan.FromSeconds(3), AudioProbe.Duration(file));
    }

    /// <summary>Ogg Vorbis: the last granule position at the identification header's sample rate.</summary>
    [Fact]
    public void Duration_OggVorbis_IsLastGranuleAtItsRate()
    {
        using var file = new MemoryStream(MediaSamples.OggVorbis(samples: 44100 * 2, sampleRate: 44100));

        Assert.Equal(TimeSpan.FromSeconds(2), AudioProbe.Duration(file));
    }

    /// <summary>An MP4 whose movie box comes after the media data is found and measured (150 samples × 20 ms).</summary>
    [Fact]
    public void Duration_Mp4WithMovieBoxAtTheEnd_IsItsSampleTable()
    {
        using var file = new MemoryStream(MediaSamples.Mp4MovieAtEnd("soun", timescale: 1000, samples: 150, delta: 20));

        Assert.Equal(TimeSpan.FromSeconds(3), AudioProbe.Duration(file));
        Assert.False(AudioProbe.HasVideo(file));
    }

    /// <summary>
    /// The header alone cannot show an MP4's tracks when the movie box is at the end, so it is taken for video; the
    /// whole file shows a sound-only one is audio, and a video stays video.
    /// </summary>
    [Fact]
    public void Refine_Mp4WithMovieBoxAtTheEnd_AudioOnlyBecomesAudio()
    {
        using var sound = new MemoryStream(MediaSamples.Mp4MovieAtEnd("soun", 1000, 10, 20));
        using var picture = new MemoryStream(MediaSamples.Mp4MovieAtEnd("vide", 1000, 10, 20));
        var detected = ContentSniffer.Detect(sound.ToArray().AsSpan(0, 64));

        Assert.Equal(new DetectedType("video/mp4", FileKind.Video, "mp4"), detected);
        Assert.Equal(new DetectedType("audio/mp4", FileKind.Audio, "m4a"), AudioProbe.Refine(detected!, sound));
        Assert.Equal(detected, AudioProbe.Refine(detected!, picture));
        Assert.True(AudioProbe.HasVideo(picture));
    }

    /// <summary>A WebM header cut before its Tracks is taken for video; the whole file shows it is audio.</summary>
    [Fact]
    public void Refine_WebmHeaderBeforeTracks_AudioOnlyBecomesAudio()
    {
        var bytes = MediaSamples.RecorderWebM(clusters: 1, blocksPerCluster: 5, frameMs: 20);
        var tracks = bytes.AsSpan().IndexOf((ReadOnlySpan<byte>)[0x16, 0x54, 0xAE, 0x6B]);
        var detected = ContentSniffer.Detect(bytes.AsSpan(0, tracks));
        using var file = new MemoryStream(bytes);

        Assert.Equal(new DetectedType("video/webm", FileKind.Video, "webm"), detected);
        Assert.Equal(new DetectedType("audio/webm", FileKind.Audio, "webm"), AudioProbe.Refine(detected!, file));
    }

    /// <summary>WAV and FLAC report their length from their headers.</summary>
    [Fact]
    public void Duration_WavAndFlac_AreReadFromTheirHeaders()
    {
        using var wav = new MemoryStream(MediaSamples.Wav(8000, 3));
        using var flac = new MemoryStream(MediaSamples.Flac(44100, 44100 * 7));

        Assert.Equal(TimeSpan.FromSeconds(3), AudioProbe.Duration(wav));
        Assert.Equal(TimeSpan.FromSeconds(7), AudioProbe.Duration(flac));
    }

    /// <summary>Something that is not a supported container, or is empty, cannot be measured: null.</summary>
    [Fact]
    public void Duration_NotAContainer_IsNull()
    {
        using var text = new MemoryStream("hello, this is not audio"u8.ToArray());
        using var empty = new MemoryStream();
        using var mp3 = new MemoryStream(MediaSamples.Mp3Frames());

        Assert.Null(AudioProbe.Duration(text));
        Assert.Null(AudioProbe.Duration(empty));
        Assert.Null(AudioProbe.Duration(mp3));
    }

    /// <summary>
    /// Every prefix and thousands of corrupted copies of real and built recordings give a length or null, never an
    /// exception, and quickly: nothing in a hostile file can make the probe loop or allocate what the file claims.
    /// </summary>
    [Fact]
    public void Duration_TruncatedAndCorruptedFiles_NeverThrow()
    {
        byte[][] samples =
        [
            File.ReadAllBytes(Path.Combine(Fixtures, "chromium-voice-2s.webm")),
            File.ReadAllBytes(Path.Combine(Fixtures, "chromium-voice-2s.mp4")),
            File.ReadAllBytes(Path.Combine(Fixtures, "chromium-video-1s.webm")),
            MediaSamples.OggOpus(48000, 312),
            MediaSamples.Mp4MovieAtEnd("soun", 1000, 150, 20),
            MediaSamples.Wav(8000, 1),
            MediaSamples.Flac(44100, 44100),
        ];
        var random = new Random(2026);
        var clock = Stopwatch.StartNew();
        var probes = 0;
        foreach (var sample in samples)
        {
            for (var length = 0; length < sample.Length; length += Math.Max(1, sample.Length / 200))
            {
                Probe(sample.AsSpan(0, length).ToArray());
                probes++;
            }

            for (var round = 0; round < 500; round++)
            {
                var corrupted = sample.ToArray();
                for (var flips = random.Next(1, 8); flips > 0; flips--)
                {
                    // Sizes and IDs live in the first bytes of elements: 0xFF and 0x01 make the largest and the "unknown" sizes.
                    corrupted[random.Next(corrupted.Length)] = random.Next(3) switch { 0 => 0xFF, 1 => 0x01, _ => (byte)random.Next(256) };
                }

                Probe(corrupted);
                probes++;
            }
        }

        output.WriteLine($"{probes} probes of truncated and corrupted files: {clock.ElapsedMilliseconds} ms");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"{probes} probes took {clock.Elapsed}");

        static void Probe(byte[] bytes)
        {
            using var file = new MemoryStream(bytes);
            _ = AudioProbe.Duration(file);
            _ = AudioProbe.HasVideo(file);
            _ = ContentSniffer.Detect(bytes.AsSpan(0, Math.Min(bytes.Length, ContentSniffer.HeaderBytes)));
        }
    }

    /// <summary>
    /// An element claiming an enormous size, and a WebM of millions of tiny elements, cost neither memory nor
    /// unbounded time; the latter (which could hide the real length behind filler) cannot be measured: null.
    /// </summary>
    [Fact]
    public void Duration_HugeClaimedSizesAndManyTinyElements_StayBounded()
    {
        byte[] huge = [.. MediaSamples.EbmlHeader("webm"), .. MediaSamples.EbmlUnknownSize(0x18538067), 0x1F, 0x43, 0xB6, 0x75, 0x01, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE, 0xA3, 0x01, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE, 0x81, 0, 0];
        var voids = new byte[8 * 1024 * 1024];
        for (var i = 0; i < voids.Length; i += 2)
        {
            voids[i] = 0xEC;   // Void, size 0: the smallest element there is
            voids[i + 1] = 0x80;
        }

        byte[] flood = [.. MediaSamples.EbmlHeader("webm"), .. MediaSamples.EbmlUnknownSize(0x18538067), .. MediaSamples.EbmlUnknownSize(0x1F43B675), .. MediaSamples.Ebml(0xE7, [0]), .. MediaSamples.Ebml(0xA3, [0x81, 0, 0, 0x80]), .. voids];
        using var hugeFile = new MemoryStream(huge);
        using var floodFile = new MemoryStream(flood);
        var clock = Stopwatch.StartNew();

        var hugeDuration = AudioProbe.Duration(hugeFile);
        var floodDuration = AudioProbe.Duration(floodFile);

        output.WriteLine($"{flood.Length / 1024 / 1024} MB of Void elements and a 2^56-byte Cluster: {clock.ElapsedMilliseconds} ms");
        Assert.True(hugeDuration is null || hugeDuration == TimeSpan.Zero, $"{hugeDuration}");
        Assert.Null(floodDuration);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    private void AssertAbout(TimeSpan expected, TimeSpan? actual)
    {
        output.WriteLine($"measured {actual?.TotalSeconds:F3} s, recorded for {expected.TotalSeconds} s");
        Assert.NotNull(actual);
        Assert.InRange(actual.Value.TotalSeconds, expected.TotalSeconds - 0.15, expected.TotalSeconds + 0.3);
    }

    private static byte[] Header(Stream file)
    {
        var header = new byte[ContentSniffer.HeaderBytes];
        file.Position = 0;
        var read = file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        file.Position = 0;
        return header[..read];
    }
}
