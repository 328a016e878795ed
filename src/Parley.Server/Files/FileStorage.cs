using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Parley.Infrastructure;

namespace Parley.Files;

/// <summary>A file now in storage: its server-made key and its size.</summary>
public sealed record StoredBlob(string Key, long Size);

/// <summary>
/// Where attachment bytes live. Keys are made by the storage (random), never from anything a client sent, so no file
/// name can reach a path. One implementation today (<see cref="LocalFileStorage"/>, a folder); several nodes share it as a
/// shared folder, or through an object-storage implementation of the same interface (docs/decisions).
/// </summary>
public interface IFileStorage
{
    /// <summary>A local folder for work in progress (uploads being received, thumbnails being made), on the same volume as the files.</summary>
    string WorkDirectory { get; }

    /// <summary>Copies <paramref name="content"/> in: temporary file, fsync, atomic rename. More than <paramref name="maxBytes"/>: <see cref="FileTooLargeException"/>, nothing kept.</summary>
    Task<StoredBlob> SaveAsync(Stream content, long maxBytes, CancellationToken ct);

    /// <summary>Takes a finished, flushed file from <see cref="WorkDirectory"/> in, by atomic rename: it is either fully there or not at all.</summary>
    Task<StoredBlob> AdoptAsync(string workFile, CancellationToken ct);

    /// <summary>The file, readable and seekable (for ranges); null when there is none under the key.</summary>
    Task<Stream?> OpenReadAsync(string key, CancellationToken ct);

    /// <summary>Removes the file; removing one that is not there is not an error.</summary>
    Task DeleteAsync(string key, CancellationToken ct);

    /// <summary>Every stored file (not work in progress) and when it was written, for the sweep that removes files no row names.</summary>
    IAsyncEnumerable<(string Key, DateTime WrittenAt)> ListAsync(CancellationToken ct);

    /// <summary>
    /// Removes work files nobody is writing any more (a crash mid-upload leaves them): an upload in progress holds an
    /// exclusive lock on its file, so only abandoned ones are removed, whichever node wrote them. Other work files (a
    /// thumbnail being made) go once last written before <paramref name="othersWrittenBefore"/>.
    /// </summary>
    Task<int> RemoveAbandonedWorkAsync(DateTime othersWrittenBefore, CancellationToken ct);
}

/// <summary>More bytes came than allowed.</summary>
public sealed class FileTooLargeException(long maxBytes) : IOException($"The file is larger than {maxBytes} bytes.")
{
    public long MaxBytes { get; } = maxBytes;
}

/// <summary>
/// Files in a folder: "&lt;dir&gt;/ab/ab12…" (32 random hex digits, sharded by the first two so no folder grows huge), work
/// in progress in "&lt;dir&gt;/tmp". Renames within one volume are atomic, so a reader sees a whole file or none.
/// </summary>
public sealed class LocalFileStorage : IFileStorage
{
    public const string WorkFolderName = "tmp";

    /// <summary>The suffix of a work file: what <see cref="RemoveAbandonedWorkAsync"/> looks at.</summary>
    public const string WorkSuffix = ".part";

    private const int BufferSize = 81920;

    private readonly string _root;

    public LocalFileStorage(IOptions<ParleyOptions> options)
    {
        var configured = options.Value.Files.Directory;
        _root = Path.GetFullPath(string.IsNullOrWhiteSpace(configured) ? Path.Combine(options.Value.DataDirectory, "files") : configured);
        WorkDirectory = Path.Combine(_root, WorkFolderName);
        Directory.CreateDirectory(WorkDirectory);
    }

    public string WorkDirectory { get; }

    /// <summary>A new work file, open for writing and locked against the sweep until disposed.</summary>
    public static FileStream CreateWorkFile(string workDirectory, out string path)
    {
        path = Path.Combine(workDirectory, NewKey() + WorkSuffix);
        // FileShare.None takes an exclusive advisory lock on Unix: the sweep's own attempt to lock it fails while we write.
        return new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, BufferSize, FileOptions.Asynchronous);
    }

    public async Task<StoredBlob> SaveAsync(Stream content, long maxBytes, CancellationToken ct)
    {
        string path;
        long size = 0;
        await using (var work = CreateWorkFile(WorkDirectory, out path))
        {
            try
            {
                var buffer = new byte[BufferSize];
                int read;
                while ((read = await content.ReadAsync(buffer, ct)) > 0)
                {
                    size += read;
                    if (size > maxBytes)
                    {
                        throw new FileTooLargeException(maxBytes);
                    }

                    await work.WriteAsync(buffer.AsMemory(0, read), ct);
                }

                await work.FlushAsync(ct);
                work.Flush(flushToDisk: true);
            }
            catch
            {
                work.Close();
                File.Delete(path);
                throw;
            }
        }

        return await AdoptAsync(path, ct);
    }

    public Task<StoredBlob> AdoptAsync(string workFile, CancellationToken ct)
    {
        var key = NewKey();
        var target = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var size = new FileInfo(workFile).Length;
        File.Move(workFile, target, overwrite: false);
        return Task.FromResult(new StoredBlob(key, size));
    }

    public Task<Stream?> OpenReadAsync(string key, CancellationToken ct)
    {
        if (!IsKey(key))
        {
            return Task.FromResult<Stream?>(null);
        }

        try
        {
            return Task.FromResult<Stream?>(new FileStream(PathOf(key), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan));
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    public Task DeleteAsync(string key, CancellationToken ct)
    {
        if (IsKey(key))
        {
            File.Delete(PathOf(key));
        }

        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<(string Key, DateTime WrittenAt)> ListAsync([EnumeratorCancellation] CancellationToken ct)
    {
        foreach (var shard in Directory.EnumerateDirectories(_root))
        {
            if (Path.GetFileName(shard) is not { Length: 2 } name || !IsHex(name))
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(shard))
            {
                ct.ThrowIfCancellationRequested();
                var key = Path.GetFileName(file);
                if (IsKey(key))
                {
                    yield return (key, File.GetLastWriteTimeUtc(file));
                }
            }

            await Task.Yield();
        }
    }

    public Task<int> RemoveAbandonedWorkAsync(DateTime othersWrittenBefore, CancellationToken ct)
    {
        var removed = 0;
        foreach (var file in Directory.EnumerateFiles(WorkDirectory))
        {
            ct.ThrowIfCancellationRequested();
            if (!file.EndsWith(WorkSuffix, StringComparison.Ordinal))
            {
                if (File.GetLastWriteTimeUtc(file) < othersWrittenBefore)
                {
                    File.Delete(file);
                    removed++;
                }

                continue;
            }

            try
            {
                // Lockable means nobody is writing it: its upload ended without finishing (a crash, a kill).
                using (new FileStream(file, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
                {
                }

                File.Delete(file);
                removed++;
            }
            catch (IOException)
            {
                // Being written right now, or gone already.
            }
        }

        return Task.FromResult(removed);
    }

    private static string NewKey() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    private static bool IsKey(string key) => key.Length == 32 && IsHex(key);

    private static bool IsHex(string text) => text.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');

    private string PathOf(string key) => Path.Combine(_root, key[..2], key);
}
