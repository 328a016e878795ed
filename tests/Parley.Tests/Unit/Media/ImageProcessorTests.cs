using System.Diagnostics;
using Microsoft.Extensions.Options;
using NetVips;
using Parley.Infrastructure;
using Parley.Media;
using Xunit.Abstractions;

namespace Parley.Tests.Unit.Media;

/// <summary>
/// Images people upload: what others see is a thumbnail and an original without the uploader's location, upright,
/// animations still moving; an image built to exhaust the server's memory is refused before it is decoded.
/// </summary>
[Collection(MemoryMeasurements.Name)]
public sealed class ImageProcessorTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("parley-media-").FullName;
    private readonly ImageProcessor _processor = new(Options.Create(new ParleyOptions()));

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>A phone photo's EXIF (GPS position included) is gone from the copy that is served, and the copy is upright.</summary>
    [Fact]
    public async Task Process_PhotoWithGpsAndOrientation_CleanedCopyHasNoExifAndIsUpright()
    {
        var photo = ImageSamples.WritePhoto(Path.Combine(_directory, "photo"), 60, 40, orientation: 6);
        using (var original = Image.NewFromFile(photo))
        {
            Assert.Contains("exif-ifd3-GPSLatitude", original.GetFields());
        }

        var result = await _processor.ProcessAsync(photo, Detect(photo), _directory, CancellationToken.None);

        Assert.Equal(new ImageInfo(40, 60, Animated: false), result.Info);
        Assert.NotNull(result.CleanedPath);
        using var cleaned = Image.NewFromFile(result.CleanedPath);
        Assert.DoesNotContain(cleaned.GetFields(), field => field.StartsWith("exif", StringComparison.Ordinal) || field is "xmp-data" or "iptc-data" or "orientation");
        var bytes = await File.ReadAllBytesAsync(result.CleanedPath);
        Assert.Equal(-1, bytes.AsSpan().IndexOf("Exif\0\0"u8));
        Assert.Equal((40, 60), (cleaned.Width, cleaned.Height));
        // Orientation 6 means "turn 90° clockwise to show": the stored top-left corner ends up top-right.
        Assert.True(IsRed(cleaned, cleaned.Width - 3, 2), "the marked corner should be top-right after turning");
        Assert.False(IsRed(cleaned, 2, 2), "the top-left corner should no longer be marked");
        Assert.Equal("image/jpeg", ContentSniffer.Detect(bytes)?.ContentType);
    }

    /// <summary>WebP and PNG carry EXIF too; their cleaned copies keep their format and lose it.</summary>
    [Theory]
    [InlineData(".webp")]
    [InlineData(".png")]
    public async Task Process_WebpOrPngWithExif_CleanedCopyHasNoExif(string format)
    {
        var photo = ImageSamples.WritePhoto(Path.Combine(_directory, "photo"), 60, 40, orientation: 1, format);
        using (var original = Image.NewFromFile(photo))
        {
            Assert.Contains("exif-data", original.GetFields());
        }

        var type = Detect(photo);
        var result = await _processor.ProcessAsync(photo, type, _directory, CancellationToken.None);

        Assert.NotNull(result.CleanedPath);
        using var cleaned = Image.NewFromFile(result.CleanedPath);
        Assert.DoesNotContain("exif-data", cleaned.GetFields());
        Assert.Equal(type, ContentSniffer.Detect(await File.ReadAllBytesAsync(result.CleanedPath)));
    }

    /// <summary>An image without metadata is kept as uploaded (no needless re-encoding), with its thumbnail.</summary>
    [Fact]
    public async Task Process_ImageWithoutMetadata_KeepsTheOriginal()
    {
        var path = Path.Combine(_directory, "plain.png");
        using (var image = ImageSamples.Marked(64, 48))
        {
            image.Pngsave(path, keep: Enums.ForeignKeep.None);
        }

        var result = await _processor.ProcessAsync(path, Detect(path), _directory, CancellationToken.None);

        Assert.Null(result.CleanedPath);
        Assert.Equal(new ImageInfo(64, 48, false), result.Info);
    }

    /// <summary>Thumbnails are WebP, at most 480 pixels on the longest side, in proportion, and never enlarged.</summary>
    [Theory]
    [InlineData(2000, 1000, 480, 240)]
    [InlineData(900, 1800, 240, 480)]
    [InlineData(100, 50, 100, 50)]
    public async Task Process_Thumbnail_FitsIn480WithoutEnlarging(int width, int height, int thumbnailWidth, int thumbnailHeight)
    {
        var path = Path.Combine(_directory, "image.png");
        using (var image = ImageSamples.Marked(width, height))
        {
            image.Pngsave(path);
        }

        var result = await _processor.ProcessAsync(path, Detect(path), _directory, CancellationToken.None);

        Assert.NotNull(result.ThumbnailPath);
        Assert.Equal((thumbnailWidth, thumbnailHeight), (result.ThumbnailWidth, result.ThumbnailHeight));
        using var thumbnail = Image.NewFromFile(result.ThumbnailPath);
        Assert.Equal((thumbnailWidth, thumbnailHeight), (thumbnail.Width, thumbnail.Height));
        Assert.Equal("image/webp", ContentSniffer.Detect(await File.ReadAllBytesAsync(result.ThumbnailPath))?.ContentType);
    }

    /// <summary>An animated GIF is reported as animated and kept as uploaded: it still plays.</summary>
    [Fact]
    public async Task Process_AnimatedGif_StaysAnimated()
    {
        var path = Path.Combine(_directory, "animation.gif");
        using (var animation = ImageSamples.Animation(40, 30, frames: 4))
        {
            animation.Gifsave(path);
        }

        var result = await _processor.ProcessAsync(path, Detect(path), _directory, CancellationToken.None);

        Assert.Equal(new ImageInfo(40, 30, Animated: true), result.Info);
        Assert.Null(result.CleanedPath);
        Assert.Equal(4, Pages(path));
        Assert.Equal((40, 30), (result.ThumbnailWidth, result.ThumbnailHeight));
    }

    /// <summary>An animated WebP that carries EXIF loses it and keeps all its frames.</summary>
    [Fact]
    public async Task Process_AnimatedWebpWithExif_CleanedCopyStillAnimated()
    {
        var path = Path.Combine(_directory, "animation.webp");
        using (var animation = ImageSamples.Animation(40, 30, frames: 3))
        using (var tagged = animation.Mutate(m => m.Set(GValue.BlobType, "exif-data", ImageSamples.ExifWithGps(1))))
        {
            tagged.Webpsave(path);
        }

        var result = await _processor.ProcessAsync(path, Detect(path), _directory, CancellationToken.None);

        Assert.True(result.Info.Animated);
        Assert.NotNull(result.CleanedPath);
        Assert.Equal(3, Pages(result.CleanedPath));
        using var cleaned = Image.NewFromFile(result.CleanedPath);
        Assert.DoesNotContain("exif-data", cleaned.GetFields());
    }

    /// <summary>
    /// A small file declaring 65000×65000 (JPEG) or 100000×100000 (PNG) pixels is refused from its header, quickly
    /// and without the gigabytes decoding it would take.
    /// </summary>
    [Theory]
    [InlineData("jpg", 65000, 65000)]
    [InlineData("png", 100000, 100000)]
    public async Task Process_DecompressionBomb_IsRefusedBeforeDecoding(string format, int width, int height)
    {
        var path = Path.Combine(_directory, "bomb." + format);
        await File.WriteAllBytesAsync(path, format == "jpg" ? ImageSamples.JpegDeclaring(width, height) : ImageSamples.PngDeclaring(width, height));
        var type = Detect(path);

        var (ex, elapsed, peak) = await Measure(() => Assert.ThrowsAsync<MediaException>(() => _processor.ProcessAsync(path, type, _directory, CancellationToken.None)));

        output.WriteLine($"{format} {width}×{height} ({new FileInfo(path).Length} bytes): refused in {elapsed.TotalMilliseconds:F0} ms, peak RSS growth {peak / 1024 / 1024} MB");
        Assert.Equal("image_too_large", ex.Code);
        Assert.True(elapsed < TimeSpan.FromSeconds(2), $"took {elapsed}");
        Assert.True(peak < 64L * 1024 * 1024, $"peak RSS grew by {peak} bytes");
        Assert.Empty(Directory.EnumerateFiles(_directory, "*.webp"));
    }

    /// <summary>The same limit protects avatars.</summary>
    [Fact]
    public async Task MakeAvatar_DecompressionBomb_IsRefused()
    {
        var path = Path.Combine(_directory, "bomb.jpg");
        await File.WriteAllBytesAsync(path, ImageSamples.JpegDeclaring(65000, 65000));

        var ex = await Assert.ThrowsAsync<MediaException>(() => _processor.MakeAvatarAsync(path, [64], _directory, CancellationToken.None));

        Assert.Equal("image_too_large", ex.Code);
    }

    /// <summary>The pixel limit is the setting's: lowered, a modest image is refused too.</summary>
    [Fact]
    public async Task Process_ImageOverTheConfiguredLimit_IsRefused()
    {
        var processor = new ImageProcessor(Options.Create(new ParleyOptions { Files = { MaxImagePixels = 1000 } }));
        var path = Path.Combine(_directory, "image.png");
        using (var image = ImageSamples.Marked(40, 30))
        {
            image.Pngsave(path);
        }

        var ex = await Assert.ThrowsAsync<MediaException>(() => processor.ProcessAsync(path, Detect(path), _directory, CancellationToken.None));

        Assert.Equal("image_too_large", ex.Code);
    }

    /// <summary>A file with an image's magic bytes but broken content, or cut short, is refused as unreadable.</summary>
    [Theory]
    [InlineData("garbage after the JPEG signature")]
    [InlineData("PNG cut in half")]
    public async Task Process_CorruptImage_IsUnreadable(string what)
    {
        var path = Path.Combine(_directory, "broken");
        if (what.StartsWith("garbage", StringComparison.Ordinal))
        {
            var bytes = new byte[2000];
            new Random(3).NextBytes(bytes);
            byte[] jpeg = [0xFF, 0xD8, 0xFF, 0xE0, .. bytes];
            await File.WriteAllBytesAsync(path, jpeg);
        }
        else
        {
            using var image = ImageSamples.Marked(300, 300) + 0;
            var png = image.PngsaveBuffer(compression: 0);
            await File.WriteAllBytesAsync(path, png[..(png.Length / 2)]);
        }

        var ex = await Assert.ThrowsAsync<MediaException>(() => _processor.ProcessAsync(path, Detect(path), _directory, CancellationToken.None));

        Assert.Equal("image_unreadable", ex.Code);
    }

    /// <summary>Avatars are the centre square, one WebP per size asked for.</summary>
    [Fact]
    public async Task MakeAvatar_WideImage_CentreSquareInEachSize()
    {
        var path = Path.Combine(_directory, "face.jpg");
        using (var image = ImageSamples.Marked(300, 200))
        {
            image.Jpegsave(path);
        }

        var avatars = await _processor.MakeAvatarAsync(path, [64, 128, 256], _directory, CancellationToken.None);

        Assert.Equal([64, 128, 256], avatars.Keys.Order());
        foreach (var (size, file) in avatars)
        {
            using var avatar = Image.NewFromFile(file);
            Assert.Equal((size, size), (avatar.Width, avatar.Height));
            Assert.Equal("image/webp", ContentSniffer.Detect(await File.ReadAllBytesAsync(file))?.ContentType);
            // The red quarter of the 300×200 image starts at x=75: cropping the centre 200 px (50..250) keeps 25 px of it.
            Assert.True(IsRed(avatar, 1, 1));
            Assert.False(IsRed(avatar, size / 2, size / 2));
        }
    }

    /// <summary>
    /// A 24-megapixel camera photo (with the EXIF a camera writes) is thumbnailed by shrinking while it is decoded
    /// and its cleaned copy streams through in strips: memory grows by far less than the 72 MB its pixels take.
    /// </summary>
    [Fact]
    public async Task Process_24MegapixelJpeg_NeverHoldsAllItsPixels()
    {
        var path = WriteCameraPhoto(orientation: 1);
        var type = Detect(path);

        var (result, elapsed, peak) = await Measure(() => _processor.ProcessAsync(path, type, _directory, CancellationToken.None));

        output.WriteLine($"24 MP JPEG ({new FileInfo(path).Length / 1024 / 1024} MB), upright: thumbnail + cleaned copy in {elapsed.TotalMilliseconds:F0} ms, peak RSS growth {peak / 1024 / 1024} MB");
        Assert.Equal((480, 320), (result.ThumbnailWidth, result.ThumbnailHeight));
        Assert.NotNull(result.CleanedPath);
        Assert.True(peak < 72L * 1024 * 1024, $"peak RSS grew by {peak / 1024 / 1024} MB");
    }

    /// <summary>
    /// A portrait photo must be turned, which needs its pixels at once: the cost is bounded by the photo (72 MB for
    /// 24 megapixels), not more. The numbers are printed for the record.
    /// </summary>
    [Fact]
    public async Task Process_24MegapixelPortraitJpeg_CostsAtMostItsPixels()
    {
        var path = WriteCameraPhoto(orientation: 6);
        var type = Detect(path);

        var (result, elapsed, peak) = await Measure(() => _processor.ProcessAsync(path, type, _directory, CancellationToken.None));

        output.WriteLine($"24 MP JPEG, orientation 6: thumbnail + turned cleaned copy in {elapsed.TotalMilliseconds:F0} ms, peak RSS growth {peak / 1024 / 1024} MB");
        Assert.Equal(new ImageInfo(4000, 6000, false), result.Info);
        Assert.Equal((320, 480), (result.ThumbnailWidth, result.ThumbnailHeight));
        Assert.True(peak < 2 * 72L * 1024 * 1024, $"peak RSS grew by {peak / 1024 / 1024} MB");
    }

    private string WriteCameraPhoto(ushort orientation)
    {
        var path = Path.Combine(_directory, $"camera-{orientation}.jpg");
        using var noise = Image.Gaussnoise(6000, 4000, mean: 128, sigma: 40);
        using var grey = noise.Cast(Enums.BandFormat.Uchar);
        using var colour = grey.Bandjoin(grey, grey);
        using var photo = colour.Mutate(m =>
        {
            m.Set(GValue.BlobType, "exif-data", ImageSamples.ExifWithGps(orientation));
            m.Set(GValue.GIntType, "orientation", (int)orientation);
        });
        photo.Jpegsave(path, q: 85);
        return path;
    }

    private static DetectedType Detect(string path)
    {
        var header = new byte[ContentSniffer.HeaderBytes];
        using var file = File.OpenRead(path);
        var read = file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        return ContentSniffer.Detect(header.AsSpan(0, read)) ?? throw new InvalidOperationException($"{path} is not on the allow-list");
    }

    private static int Pages(string path)
    {
        using var image = Image.NewFromFile(path);
        return image.GetFields().Contains("n-pages") ? (int)image.Get("n-pages") : 1;
    }

    private static bool IsRed(Image image, int x, int y)
    {
        var pixel = image.Getpoint(x, y);
        return pixel[0] > 200 && pixel[1] < 60 && pixel[2] < 60;
    }

    private static async Task<(T Result, TimeSpan Elapsed, long PeakGrowth)> Measure<T>(Func<Task<T>> work)
    {
        var before = MemoryMeasurements.ResetPeak();
        var clock = Stopwatch.StartNew();
        var result = await work();
        clock.Stop();
        return (result, clock.Elapsed, MemoryMeasurements.Peak() - before);
    }
}

/// <summary>Tests that measure the process's peak memory run alone, so no other test's allocations count.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasurements
{
    public const string Name = "Memory measurements";

    /// <summary>Resets the kernel's peak-RSS mark (VmHWM) to the current RSS and returns it.</summary>
    public static long ResetPeak()
    {
        File.WriteAllText("/proc/self/clear_refs", "5");
        return Peak();
    }

    public static long Peak() =>
        long.Parse(File.ReadLines("/proc/self/status").First(line => line.StartsWith("VmHWM:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
}
