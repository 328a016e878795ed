using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Parley.Access;
using Parley.Infrastructure;
using Parley.Infrastructure.Data;
using Parley.Media;

namespace Parley.Files;

/// <summary>Usage and limits, for the composer to check a file before sending it.</summary>
public sealed record FileUsageDto(long UsedBytes, long QuotaBytes, long MaxFileBytes, int MaxAttachmentsPerMessage, int MaxVoiceSeconds);

/// <summary>
/// Serving files: to the members of the file's conversation (an upload not yet sent: to its uploader only), through
/// the same access check as its messages; everyone else gets the answer for a file that does not exist.
/// </summary>
public sealed class FileDownloads(ParleyDb db, ConversationAccess access, IFileStorage storage, FileRemoval removal, FileUploads uploads, IOptionsSnapshot<ParleyOptions> options)
{
    public static readonly ApiError FileNotFound = ApiError.NotFound("file_not_found", "This file does not exist, or you cannot see it.");

    public static readonly ApiError FileAlreadySent = ApiError.Conflict("file_already_sent",
        "This file was sent in a message; delete the message to delete the file.");

    /// <summary>Served files are what the server stored, never to be run: a sandbox with nothing allowed, even if opened directly.</summary>
    public const string ContentSecurityPolicy = "sandbox; default-src 'none'";

    public async Task<IResult> ServeAsync(long userId, string publicId, bool thumbnail, HttpContext http, CancellationToken ct)
    {
        if (publicId.Length > StoredFile.PublicIdLength)
        {
            return FileNotFound.ToProblem(); // no id is that long: not worth a lookup
        }

        var file = await db.Files.Where(f => f.PublicId == publicId)
            .Select(f => new { f.ConversationId, f.UploaderId, f.MessageId, f.Kind, f.Name, f.ContentType, f.StorageKey, f.ThumbnailKey, f.CreatedAt })
            .FirstOrDefaultAsync(ct);
        if (file is null || !await MaySeeAsync(userId, file.ConversationId, file.UploaderId, file.MessageId))
        {
            return FileNotFound.ToProblem();
        }

        var key = thumbnail ? file.ThumbnailKey : file.StorageKey;
        if (key is null || await storage.OpenReadAsync(key, ct) is not { } content)
        {
            return FileNotFound.ToProblem();
        }

        var kind = (FileKind)file.Kind;
        var inline = thumbnail || kind is FileKind.Image or FileKind.Video or FileKind.Audio or FileKind.Voice;
        var headers = http.Response.Headers;
        headers.CacheControl = "private, max-age=31536000, immutable";
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.ContentDisposition = new ContentDispositionHeaderValue(inline ? "inline" : "attachment") { FileNameStar = file.Name }.ToString();
        return TypedResults.Stream(content, thumbnail ? "image/webp" : file.ContentType,
            lastModified: file.CreatedAt, entityTag: new EntityTagHeaderValue($"\"{publicId}{(thumbnail ? "-t" : "")}\""), enableRangeProcessing: true);
    }

    /// <summary>The uploader takes back an upload not yet sent; a sent one goes with its message only.</summary>
    public async Task<Result<bool>> CancelAsync(long userId, string publicId, CancellationToken ct)
    {
        if (publicId.Length > StoredFile.PublicIdLength)
        {
            return FileNotFound;
        }

        var file = await db.Files.Where(f => f.PublicId == publicId && f.UploaderId == userId)
            .Select(f => new { f.Id, f.StorageKey, f.ThumbnailKey }).FirstOrDefaultAsync(ct);
        if (file is null)
        {
            return FileNotFound;
        }

        // "Still unsent" in the delete itself: a send attaching it at this moment wins, and the answer says so.
        if (await db.Files.Where(f => f.Id == file.Id && f.MessageId == null).ExecuteDeleteAsync(ct) == 0)
        {
            return await db.Files.AnyAsync(f => f.Id == file.Id, ct) ? FileAlreadySent : FileNotFound;
        }

        await removal.DeleteBlobsAsync([file.StorageKey, file.ThumbnailKey]);
        return true;
    }

    public async Task<FileUsageDto> UsageAsync(long userId, CancellationToken ct)
    {
        var settings = options.Value.Files;
        return new FileUsageDto(await uploads.UsedBytesAsync(userId, ct), settings.QuotaBytesPerUser, settings.MaxFileBytes, settings.MaxAttachmentsPerMessage, settings.MaxVoiceSeconds);
    }

    private async Task<bool> MaySeeAsync(long userId, long conversationId, long uploaderId, long? messageId) =>
        messageId is null ? uploaderId == userId : (await access.ConversationAsync(userId, conversationId)).IsSuccess;
}
