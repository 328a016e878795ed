using Microsoft.Extensions.Options;
using NetVips;
using Parley.Infrastructure;

namespace Parley.Media;

/// <summary>Dimensions of an image as it is shown (after its EXIF orientation); Animated for a GIF or WebP with several frames.</summary>
public sealed record ImageInfo(int Width, int Height, bool Animated);

/// <summary>
/// What <see cref="ImageProcessor.ProcessAsync"/> made: the image's info, its thumbnail (a WebP file in the work
/// directory) and, when the original carried metadata, a cleaned copy to keep instead of the original. The caller
/// owns both files: it moves them into storage or deletes them.
/// </summary>
public sealed record ProcessedImage(ImageInfo Info, string? ThumbnailPath, int ThumbnailWidth, int ThumbnailHeight, string? CleanedPath);

/// <summary>
/// Image work on uploads, with libvips: thumbnails, metadata stripping and avatars. The file's header is read first
/// and an image that declares more pixels than <c>Parley:Files:MaxImagePixels</c> is refused before any pixel is
/// decoded, so a small file that would unpack to gigabytes (a decompression bomb) costs nothing.
/// </summary>
public sealed class ImageProcessor
{
    public const int ThumbnailSize = 480;

    private readonly long _maxPixels;

    // libvips runs its own threads per image, process-wide; a few images at once keep memory bounded when many uploads arrive together.
    private static readonly SemaphoreSlim Slots = new(Math.Max(1, Environment.ProcessorCount));

    static ImageProcessor() => LibVips.Configure();

    public ImageProcessor(IOptions<ParleyOptions> options)
    {
        _maxPixels = options.Value.Files.MaxImagePixels;
    }

    /// <summary>
    /// Reads the image at <paramref name="path"/>, refuses decompression bombs and corrupt images (MediaException
    /// "image_too_large" / "image_unreadable"), writes a WebP thumbnail (longest side 480 px, never enlarged; the first
    /// frame of an animation) and, when the original carried EXIF, XMP or IPTC metadata or comments, a copy in the
    /// same format without them (turned upright first, since its orientation tag goes with the EXIF) — CleanedPath,
    /// null when there was nothing to strip. An animated GIF or WebP stays animated.
    /// </summary>
    public async Task<ProcessedImage> ProcessAsync(string path, DetectedType type, string workDirectory, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (type.Kind != FileKind.Image)
        {
            throw new ArgumentException($"Not an image: {type.ContentType}.", nameof(type));
        }

        return await RunAsync(() => Process(path, type, workDirectory), ct);
    }

    /// <summary>
    /// Square avatars: the centre square of the image (upright), scaled to each of <paramref name="sizes"/> (pixels a
    /// side), one WebP file per size in <paramref name="workDirectory"/>. Same refusals as <see cref="ProcessAsync"/>.
    /// </summary>
    public async Task<IReadOnlyDictionary<int, string>> MakeAvatarAsync(string path, IReadOnlyList<int> sizes, string workDirectory, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        if (sizes.Count == 0 || sizes.Any(size => size is < 1 or > 2048))
        {
            throw new ArgumentOutOfRangeException(nameof(sizes), "Avatar sizes are 1 to 2048 pixels.");
        }

        return await RunAsync(() =>
        {
            CheckHeader(path);
            var files = new Dictionary<int, string>();
            foreach (var size in sizes.Distinct())
            {
                using var square = Image.Thumbnail(path, size, height: size, crop: Enums.Interesting.Centre, failOn: Enums.FailOn.Error);
                var file = NewFile(workDirectory, $"avatar-{size}.webp");
                square.Webpsave(file, q: 85, keep: Enums.ForeignKeep.None);
                files[size] = file;
            }

            return (IReadOnlyDictionary<int, string>)files;
        }, ct);
    }

    private static async Task<T> RunAsync<T>(Func<T> work, CancellationToken ct)
    {
        await Slots.WaitAsync(ct);
        try
        {
            return await Task.Run(() =>
            {
                try
                {
                    return work();
                }
                catch (VipsException ex)
                {
                    throw new MediaException("image_unreadable", $"The image could not be read: {FirstLine(ex.Message)}");
                }
            }, ct);
        }
        finally
        {
            Slots.Release();
        }
    }

    private ProcessedImage Process(string path, DetectedType type, string workDirectory)
    {
        var header = CheckHeader(path);
        var pages = header.Pages;
        var animated = pages > 1 && type.Extension is "gif" or "webp";
        var turned = header.Orientation is >= 5 and <= 8;
        var (width, height) = turned ? (header.Height, header.Width) : (header.Width, header.Height);
        var info = new ImageInfo(width, height, animated);

        var thumbnailPath = NewFile(workDirectory, "thumbnail.webp");
        int thumbnailWidth, thumbnailHeight;
        // Shrink-on-load: JPEG, WebP and HEIF decode straight at a fraction of their size; the rest stream through in strips.
        using (var thumbnail = Image.Thumbnail(path, ThumbnailSize, height: ThumbnailSize, size: Enums.Size.Down, failOn: Enums.FailOn.Error))
        {
            thumbnail.Webpsave(thumbnailPath, q: 80, keep: Enums.ForeignKeep.None);
            (thumbnailWidth, thumbnailHeight) = (thumbnail.Width, thumbnail.Height);
        }

        string? cleanedPath = null;
        if (header.HasMetadata)
        {
            if (animated && (long)header.Width * header.Height * pages > _maxPixels)
            {
                throw TooLarge($"{pages} frames of {header.Width}×{header.Height}");
            }

            cleanedPath = NewFile(workDirectory, "cleaned." + type.Extension);
            WriteClean(path, type, animated, header.Orientation, cleanedPath);
        }

        return new ProcessedImage(info, thumbnailPath, thumbnailWidth, thumbnailHeight, cleanedPath);
    }

    /// <summary>
    /// Re-encodes the image without metadata (the colour profile stays: without it colours shift). Still images are
    /// turned upright first, as the orientation tag is dropped with the rest of the EXIF.
    /// </summary>
    private static void WriteClean(string path, DetectedType type, bool animated, int orientation, string cleanedPath)
    {
        // Upright or mirrored left-right, the image streams through in strips; turning it needs all of it at once
        // (in memory, or in a temporary file when it is larger than libvips' threshold).
        var access = animated || orientation <= 2 ? Enums.Access.Sequential : Enums.Access.Random;
        using var image = animated
            ? Image.NewFromFile(path, memory: false, access: access, failOn: Enums.FailOn.Error, kwargs: new VOption { { "n", -1 } })
            : Image.NewFromFile(path, memory: false, access: access, failOn: Enums.FailOn.Error);
        using var upright = animated ? image.Copy() : image.Autorot();
        const Enums.ForeignKeep keep = Enums.ForeignKeep.Icc;
        switch (type.Extension)
        {
            case "jpg":
                upright.Jpegsave(cleanedPath, q: 92, keep: keep);
                break;
            case "png":
                upright.Pngsave(cleanedPath, keep: keep);
                break;
            case "webp":
                upright.Webpsave(cleanedPath, q: 90, keep: keep);
                break;
            case "gif":
                upright.Gifsave(cleanedPath, keep: keep);
                break;
            case "avif":
                upright.Heifsave(cleanedPath, q: 70, compression: Enums.ForeignHeifCompression.Av1, effort: 2, keep: keep);
                break;
            default:
                // HEIC cannot be written (no HEVC encoder ships with libvips); such a file is refused rather than kept with its GPS.
                throw new MediaException("image_unreadable", $"Metadata cannot be removed from {type.ContentType} images; convert it to JPEG and try again.");
        }
    }

    private sealed record Header(int Width, int Height, int Pages, int Orientation, bool HasMetadata);

    /// <summary>Reads the header only (no pixels) and refuses an image that declares more pixels than allowed.</summary>
    private Header CheckHeader(string path)
    {
        using var image = Image.NewFromFile(path, memory: false, access: Enums.Access.Sequential, failOn: Enums.FailOn.Error);
        var fields = image.GetFields();
        var pages = fields.Contains("n-pages") ? Math.Max(1, (int)image.Get("n-pages")) : 1;
        var height = fields.Contains("page-height") ? (int)image.Get("page-height") : image.Height;
        if ((long)image.Width * height > _maxPixels)
        {
            throw TooLarge($"{image.Width}×{height}");
        }

        var orientation = fields.Contains("orientation") ? (int)image.Get("orientation") : 1;
        var hasMetadata = fields.Any(field => field is "exif-data" or "xmp-data" or "iptc-data" or "gif-comment" || field.StartsWith("png-comment-", StringComparison.Ordinal));
        return new Header(image.Width, height, pages, orientation, hasMetadata);
    }

    private MediaException TooLarge(string size) =>
        new("image_too_large", $"The image is too large ({size} pixels); images may have up to {_maxPixels:N0} pixels.");

    private static string NewFile(string directory, string suffix)
    {
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, $"{Guid.NewGuid():N}-{suffix}");
    }

    private static string FirstLine(string message) => message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? message;
}

/// <summary>Process-wide libvips settings, applied once before the first image.</summary>
internal static class LibVips
{
    private static readonly string[] Loaders = ["VipsForeignLoadJpeg", "VipsForeignLoadPng", "VipsForeignLoadWebp", "VipsForeignLoadNsgif", "VipsForeignLoadHeif"];

    public static void Configure()
    {
        // Every upload is a different file: libvips' operation cache would only hold memory and open files.
        Cache.Max = 0;
        Cache.MaxFiles = 0;
        Cache.MaxMem = 0;
        // Only the loaders for the allow-listed formats: libvips reads dozens of formats (FITS, Matlab, PDF through
        // poppler, …) that an attacker could reach by guessing what it sniffs; the sniffer already refused them.
        Operation.Block("VipsForeignLoad", true);
        foreach (var loader in Loaders)
        {
            Operation.Block(loader, false);
        }
    }
}
