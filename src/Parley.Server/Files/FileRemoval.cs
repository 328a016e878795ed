using Microsoft.EntityFrameworkCore;
using Parley.Infrastructure.Data;

namespace Parley.Files;

/// <summary>
/// Deleting files: their rows in the caller's transaction, their bytes after it commits. A failed byte delete is logged
/// and left to the cleanup sweep (a stored file no row names is an orphan it removes), so it never fails the delete.
/// </summary>
public sealed partial class FileRemoval(IFileStorage storage, ILogger<FileRemoval> logger)
{
    /// <summary>Deletes the rows of a message's files (inside the caller's transaction) and returns their storage keys, for after the commit.</summary>
    public static async Task<IReadOnlyList<string>> DeleteRowsOfMessageAsync(ParleyDb db, long messageId, CancellationToken ct)
    {
        var keys = await KeysAsync(db.Files.Where(f => f.MessageId == messageId), ct);
        await db.Files.Where(f => f.MessageId == messageId).ExecuteDeleteAsync(ct);
        return keys;
    }

    /// <summary>The storage keys of a conversation's files, read before it is deleted (its rows go with it, by cascade).</summary>
    public static Task<IReadOnlyList<string>> KeysOfConversationAsync(ParleyDb db, long conversationId, CancellationToken ct) =>
        KeysAsync(db.Files.Where(f => f.ConversationId == conversationId), ct);

    public async Task DeleteBlobsAsync(IEnumerable<string?> keys)
    {
        foreach (var key in keys.OfType<string>())
        {
            try
            {
                await storage.DeleteAsync(key, CancellationToken.None);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                LogDeleteFailed(ex, key);
            }
        }
    }

    private static async Task<IReadOnlyList<string>> KeysAsync(IQueryable<StoredFile> files, CancellationToken ct)
    {
        var rows = await files.Where(f => f.StorageKey != null).Select(f => new { f.StorageKey, f.ThumbnailKey }).ToListAsync(ct);
        return [.. rows.SelectMany(r => new[] { r.StorageKey, r.ThumbnailKey }).OfType<string>()];
    }

    [LoggerMessage(LogLevel.Warning, "Could not delete stored file {Key}; the cleanup sweep will remove it")]
    private partial void LogDeleteFailed(Exception ex, string key);
}
