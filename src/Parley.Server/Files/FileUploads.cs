using System.Buffers;
using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Parley.Access;
using Parley.Events;
using Parley.Infrastructure;
using Parley.Infrastructure.Data;
using Parley.Media;

namespace Parley.Files;

/// <summary>What came with an upload besides its bytes (the query string: the body is the file itself).</summary>
public sealed record UploadRequest(string? Name, bool Voice, string? Waveform);

/// <summary>
/// Receives one file: checks what can be checked before reading (size, quota), streams the body to a locked work
/// file (never the whole of it in memory), decides the type from the content alone, makes an image's thumbnail and
/// strips its metadata, probes a voice message, then moves the result into storage by rename and records it.
/// A crash at any point leaves either nothing visible or the whole file with its row.
/// </summary>
public sealed partial class FileUploads(ParleyDb db, IFileStorage storage, ImageProcessor images, FileRemoval removal, IOptionsSnapshot<ParleyOptions> options, TimeProvider clock, ILogger<FileUploads> logger)
{
    private const int BufferSize = 81920;

    public static ApiError FileEmpty => ApiError.BadRequest("file_empty", "The file is empty.");

    public static ApiError VoiceNotAudio => ApiError.BadRequest("voice_not_audio", "A voice message must be an audio recording (Opus in WebM or Ogg, or AAC in MP4) whose length can be read.");

    public static ApiError FileTooLarge(long maxBytes) => new(StatusCodes.Status413PayloadTooLarge, "file_too_large",
        $"The file is larger than the {Describe(maxBytes)} this server accepts.");

    public static ApiError QuotaExceeded(long usedBytes, long quotaBytes) => ApiError.Conflict("quota_exceeded",
        $"Your files use {Describe(usedBytes)} of your {Describe(quotaBytes)}; this one does not fit. Delete messages with files to make room.");

    public static ApiError TypeNotAllowed(string what) => new(StatusCodes.Status415UnsupportedMediaType, "file_type_not_allowed",
        $"This server does not accept {what}. Images, video, audio, PDF and office documents, archives and plain text are accepted.");

    public static ApiError VoiceTooLong(int maxSeconds) => ApiError.BadRequest("voice_too_long",
        $"A voice message is at most {maxSeconds / 60}:{maxSeconds % 60:00} long.");

    /// <summary>How much the user has stored, in bytes: sent files and unsent uploads alike.</summary>
    public Task<long> UsedBytesAsync(long userId, CancellationToken ct) =>
        db.Files.Where(f => f.UploaderId == userId).SumAsync(f => f.Size, ct);

    public async Task<Result<AttachmentDto>> UploadAsync(ConversationGrant grant, UploadRequest request, HttpRequest http, CancellationToken ct)
    {
        var settings = options.Value.Files;
        var errors = new ValidationErrors()
            .AddIf(string.IsNullOrWhiteSpace(request.Name) && !request.Voice, "name", "name is the file's name, in the query string (?name=photo.jpg).");
        string? waveform = null;
        if (request.Waveform is not null)
        {
            errors.AddIf(!request.Voice, "waveform", "A waveform comes with a voice message (voice=true) only.");
            errors.AddIf(request.Voice && (waveform = Attachments.CheckWaveform(request.Waveform)) is null, "waveform",
                $"waveform is at most {Attachments.MaxWaveformValues} whole numbers from 0 to 100, separated by commas.");
        }

        if (!errors.IsEmpty)
        {
            return ApiError.Validation(errors, errors.Summary());
        }

        // Before reading a byte: a declared length over either limit is refused outright.
        var used = await UsedBytesAsync(grant.UserId, ct);
        if (http.ContentLength is { } declared)
        {
            if (declared > settings.MaxFileBytes)
            {
                return FileTooLarge(settings.MaxFileBytes);
            }

            if (used + declared > settings.QuotaBytesPerUser)
            {
                return QuotaExceeded(used, settings.QuotaBytesPerUser);
            }

            if (declared == 0)
            {
                return FileEmpty;
            }
        }

        // This endpoint alone takes bodies up to the file limit; Kestrel enforces it as it reads.
        if (http.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = settings.MaxFileBytes;
        }

        await using var work = LocalFileStorage.CreateWorkFile(storage.WorkDirectory, out var workPath);
        var madeFiles = new List<string> { workPath };
        try
        {
            var received = await ReceiveAsync(http.Body, work, Math.Min(settings.MaxFileBytes, settings.QuotaBytesPerUser - used), ct);
            if (received.Error is { } tooMuch)
            {
                return tooMuch.Size > settings.MaxFileBytes ? FileTooLarge(settings.MaxFileBytes) : QuotaExceeded(used, settings.QuotaBytesPerUser);
            }

            if (received.Size == 0)
            {
                return FileEmpty;
            }

            var detected = Classify(received.Header, settings.AllowOtherFiles);
            if (!detected.IsSuccess)
            {
                return detected.Error!;
            }

            var file = new StoredFile
            {
                PublicId = Attachments.NewPublicId(),
                ConversationId = grant.ConversationId,
                UploaderId = grant.UserId,
                Kind = (int)detected.Value!.Kind,
                Name = request.Voice ? "voice message." + detected.Value.Extension : FileNames.Clean(request.Name!),
                ContentType = detected.Value.ContentType,
                Size = received.Size,
                CreatedAt = clock.GetUtcNow().UtcDateTime,
            };

            var inspected = await InspectAsync(file, detected.Value, request.Voice ? new VoiceNote(waveform) : null, work, madeFiles, ct);
            if (!inspected.IsSuccess)
            {
                return inspected.Error!;
            }

            var keep = inspected.Value!;
            // Renamed while the work file is still locked, so the sweep cannot take it in between.
            file.StorageKey = (await storage.AdoptAsync(keep, ct)).Key;
            madeFiles.Remove(keep);
            return await RecordAsync(file, settings.QuotaBytesPerUser, ct);
        }
        catch (BadHttpRequestException tooLarge) when (tooLarge.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return FileTooLarge(settings.MaxFileBytes);
        }
        finally
        {
            work.Close();
            foreach (var leftover in madeFiles)
            {
                File.Delete(leftover);
            }
        }
    }

    /// <summary>
    /// What only the content can tell, by kind: a voice note's length, a recording's duration, an image's size and
    /// thumbnail (and its copy without metadata). Returns the file to store: the upload itself, or that copy.
    /// Files made on the way are added to <paramref name="madeFiles"/> until they are stored.
    /// </summary>
    private async Task<Result<string>> InspectAsync(StoredFile file, DetectedType detected, VoiceNote? voice, FileStream work, List<string> madeFiles, CancellationToken ct)
    {
        if (voice is not null)
        {
            var duration = ProbeVoice(work, detected, options.Value.Files.MaxVoiceSeconds);
            if (!duration.IsSuccess)
            {
                return duration.Error!;
            }

            file.Kind = (int)FileKind.Voice;
            // A recorder's WebM or MP4 holds audio only: served as audio, it plays in an audio element everywhere.
            file.ContentType = detected.ContentType.Replace("video/", "audio/", StringComparison.Ordinal);
            file.DurationMs = (int)duration.Value.TotalMilliseconds;
            file.Waveform = voice.Waveform;
            return work.Name;
        }

        if (detected.Kind is FileKind.Audio or FileKind.Video)
        {
            work.Position = 0;
            file.DurationMs = AudioProbe.Duration(work) is { } duration ? (int)duration.TotalMilliseconds : null;
            return work.Name;
        }

        if (detected.Kind != FileKind.Image)
        {
            return work.Name;
        }

        ProcessedImage processed;
        try
        {
            processed = await images.ProcessAsync(work.Name, detected, storage.WorkDirectory, ct);
        }
        catch (MediaException refused)
        {
            return ApiError.BadRequest(refused.Code, refused.Message);
        }

        madeFiles.AddRange(new[] { processed.ThumbnailPath, processed.CleanedPath }.OfType<string>());
        (file.Width, file.Height) = (processed.Info.Width, processed.Info.Height);
        if (processed.ThumbnailPath is { } thumbnail)
        {
            file.ThumbnailKey = (await storage.AdoptAsync(thumbnail, ct)).Key;
            madeFiles.Remove(thumbnail);
            (file.ThumbnailWidth, file.ThumbnailHeight) = (processed.ThumbnailWidth, processed.ThumbnailHeight);
        }

        if (processed.CleanedPath is not { } cleaned)
        {
            return work.Name;
        }

        // What is served is the copy without EXIF/XMP/IPTC (GPS among them); the original goes.
        file.Size = new FileInfo(cleaned).Length;
        return cleaned;
    }

    /// <summary>The bytes, at most <paramref name="limit"/> of them, to the work file, flushed to disk; the start kept for sniffing.</summary>
    private static async Task<Received> ReceiveAsync(Stream body, FileStream work, long limit, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        var header = new byte[ContentSniffer.HeaderBytes];
        var headerLength = 0;
        long size = 0;
        try
        {
            int read;
            while ((read = await body.ReadAsync(buffer.AsMemory(0, BufferSize), ct)) > 0)
            {
                if (headerLength < header.Length)
                {
                    var take = Math.Min(read, header.Length - headerLength);
                    buffer.AsSpan(0, take).CopyTo(header.AsSpan(headerLength));
                    headerLength += take;
                }

                size += read;
                if (size > limit)
                {
                    return new Received(header[..headerLength], size, Error: new Overflow(size));
                }

                await work.WriteAsync(buffer.AsMemory(0, read), ct);
            }

            await work.FlushAsync(ct);
            work.Flush(flushToDisk: true);
            return new Received(header[..headerLength], size, Error: null);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The type from the content alone; the name and the claimed Content-Type play no part.</summary>
    private static Result<DetectedType> Classify(byte[] header, bool allowOtherFiles)
    {
        if (ContentSniffer.Detect(header) is { } detected)
        {
            return detected;
        }

        return allowOtherFiles
            ? new DetectedType("application/octet-stream", FileKind.Other, "bin")
            : TypeNotAllowed(Describe(header));
    }

    /// <summary>A voice message: audio (a recording that may sit in a video container), of a length that can be read and is within the limit.</summary>
    private static Result<TimeSpan> ProbeVoice(FileStream work, DetectedType detected, int maxSeconds)
    {
        var recorderContainer = detected.ContentType is "video/webm" or "video/mp4";
        if (detected.Kind != FileKind.Audio && !recorderContainer)
        {
            return VoiceNotAudio;
        }

        work.Position = 0;
        if (AudioProbe.Duration(work) is not { } duration)
        {
            return VoiceNotAudio;
        }

        return duration > TimeSpan.FromSeconds(maxSeconds) ? VoiceTooLong(maxSeconds) : duration;
    }

    /// <summary>Inserts the row, the quota checked again inside the write transaction: two uploads at once cannot both squeeze past it.</summary>
    private async Task<Result<AttachmentDto>> RecordAsync(StoredFile file, long quota, CancellationToken ct)
    {
        var stored = false;
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.LockUserAsync(file.UploaderId, ct);
            var used = await UsedBytesAsync(file.UploaderId, ct);
            if (used + file.Size > quota)
            {
                return QuotaExceeded(used, quota);
            }

            db.Files.Add(file);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            stored = true;
            return Attachments.Dto(file);
        }
        catch (DbUpdateException gone)
        {
            // The conversation (or the uploader) was deleted while the file came in.
            LogNotRecorded(gone, file.ConversationId);
            return ConversationAccess.ConversationNotFound;
        }
        finally
        {
            db.ChangeTracker.Clear();
            if (!stored)
            {
                await removal.DeleteBlobsAsync([file.StorageKey, file.ThumbnailKey]);
            }
        }
    }

    /// <summary>What a refused file looks like, for the message: "an HTML page", not just "this type".</summary>
    private static string Describe(byte[] header)
    {
        var start = System.Text.Encoding.UTF8.GetString(header, 0, Math.Min(header.Length, 512)).TrimStart('\uFEFF', ' ', '\t', '\r', '\n').ToLowerInvariant();
        return start switch
        {
            _ when start.StartsWith("<?php", StringComparison.Ordinal) => "PHP scripts",
            _ when start.StartsWith("<!doctype html", StringComparison.Ordinal) || start.StartsWith("<html", StringComparison.Ordinal) => "HTML pages",
            _ when start.Contains("<svg", StringComparison.Ordinal) => "SVG images (they can carry scripts)",
            _ when start.StartsWith('<') => "HTML, XML or SVG documents",
            _ when header.Length >= 2 && header[0] == 'M' && header[1] == 'Z' => "Windows programs",
            _ when header.Length >= 4 && header[0] == 0x7F && header[1] == 'E' && header[2] == 'L' && header[3] == 'F' => "programs",
            _ when start.StartsWith("#!", StringComparison.Ordinal) => "scripts",
            _ => "files of this type",
        };
    }

    internal static string Describe(long bytes) => bytes switch
    {
        >= 1024L * 1024 * 1024 when bytes % (1024L * 1024 * 1024) == 0 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024L * 1024 * 1024)} GB"),
        >= 1024L * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MB"),
        >= 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes"),
    };

    private sealed record VoiceNote(string? Waveform);

    private sealed record Overflow(long Size);

    private sealed record Received(byte[] Header, long Size, Overflow? Error);

    [LoggerMessage(LogLevel.Debug, "An upload into conversation {ConversationId} was not recorded: the conversation or its uploader is gone")]
    private partial void LogNotRecorded(Exception ex, long conversationId);
}
