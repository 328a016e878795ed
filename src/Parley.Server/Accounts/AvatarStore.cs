using System.Globalization;
using Microsoft.Extensions.Options;
using Parley.Infrastructure;

namespace Parley.Accounts;

/// <summary>
/// Profile pictures on disk: <c>&lt;DataDirectory&gt;/avatars/{userId}/{version}-{size}.webp</c>, made by the server in a
/// few sizes from what the user uploaded. Paths are built from numbers only, never from anything a client named.
/// A picture appears whole or not at all: it is written in a work folder on the same disk and renamed into place.
/// </summary>
public sealed class AvatarStore(IOptions<ParleyOptions> options) : IDisposable
{
    /// <summary>The sizes made (square, in pixels): 32 and 64 CSS pixels at twice the density, and a profile card's.</summary>
    public static readonly IReadOnlyList<int> Sizes = [64, 128, 256];

    public const int DefaultSize = 128;

    /// <summary>What an upload may be: a phone photo straight from the camera fits; the browser crops and shrinks first anyway.</summary>
    public const long MaxUploadBytes = 10 * 1024 * 1024;

    /// <summary>Work folders older than this were left by a crash mid-upload: no upload takes this long.</summary>
    private static readonly TimeSpan AbandonedAfter = TimeSpan.FromHours(1);

    /// <summary>Installing or removing a picture, one at a time on this node, so two uploads never pick one version.</summary>
    public SemaphoreSlim Writes { get; } = new(1, 1);

    private string Root => Path.GetFullPath(Path.Combine(options.Value.DataDirectory, "avatars"));

    private string WorkRoot => Path.Combine(Root, "tmp");

    /// <summary>
    /// The next picture's version. A removed picture leaves minus its version behind (<see cref="Removed"/>), so
    /// that a new one never reuses a URL some browser still holds the old picture for.
    /// </summary>
    public static int NextVersion(int stored) => Math.Abs(stored) + 1;

    /// <summary>What is stored once the picture of <paramref name="version"/> is removed: none now, the count kept.</summary>
    public static int Removed(int version) => -version;

    /// <summary>A fresh folder for one upload's files, on the same disk as the pictures.</summary>
    public string NewWorkDirectory()
    {
        RemoveAbandonedWork();
        return Directory.CreateDirectory(Path.Combine(WorkRoot, Guid.NewGuid().ToString("N"))).FullName;
    }

    /// <summary>The stored file of this picture and size; null when there is none (another version, or removed).</summary>
    public string? Find(long userId, int version, int size)
    {
        var path = PathOf(userId, version, size);
        return File.Exists(path) ? path : null;
    }

    /// <summary>Moves one file per size into place (flushed to disk first, then renamed: atomic on one file system).</summary>
    public void Install(long userId, int version, IReadOnlyDictionary<int, string> sizedFiles)
    {
        Directory.CreateDirectory(UserDirectory(userId));
        foreach (var size in Sizes)
        {
            var source = sizedFiles[size];
            using (var written = new FileStream(source, FileMode.Open, FileAccess.ReadWrite))
            {
                written.Flush(flushToDisk: true);
            }

            File.Move(source, PathOf(userId, version, size), overwrite: true);
        }
    }

    /// <summary>Deletes the user's pictures other than <paramref name="version"/> (all of them for null).</summary>
    public void DeleteAllBut(long userId, int? version)
    {
        var folder = UserDirectory(userId);
        if (!Directory.Exists(folder))
        {
            return;
        }

        var keep = version is { } current ? current.ToString(CultureInfo.InvariantCulture) + "-" : null;
        foreach (var file in Directory.EnumerateFiles(folder))
        {
            if (keep is null || !Path.GetFileName(file).StartsWith(keep, StringComparison.Ordinal))
            {
                File.Delete(file);
            }
        }
    }

    public void Dispose() => Writes.Dispose();

    private string UserDirectory(long userId) => Path.Combine(Root, userId.ToString(CultureInfo.InvariantCulture));

    private string PathOf(long userId, int version, int size) =>
        Path.Combine(UserDirectory(userId), string.Create(CultureInfo.InvariantCulture, $"{version}-{size}.webp"));

    private void RemoveAbandonedWork()
    {
        if (!Directory.Exists(WorkRoot))
        {
            return;
        }

        foreach (var folder in new DirectoryInfo(WorkRoot).EnumerateDirectories())
        {
            if (DateTime.UtcNow - folder.CreationTimeUtc > AbandonedAfter)
            {
                try
                {
                    folder.Delete(recursive: true);
                }
                catch (IOException)
                {
                    // Another upload's cleanup got there first; nothing is lost either way.
                }
            }
        }
    }
}
