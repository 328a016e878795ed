using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Parley.Accounts;
using Parley.Audit;
using Parley.Infrastructure;
using Parley.Infrastructure.Data;

namespace Parley.Files;

/// <summary>
/// "Download my data": a zip of JSON (account and settings, conversations and memberships, the user's own messages
/// per conversation, the reactions they made) with their uploaded files and profile picture. Written straight to the
/// response as it is read, entry by entry and row by row, so no export is ever held whole in memory.
/// </summary>
public sealed class DataExport(ParleyDb db, IFileStorage storage, AvatarStore avatars)
{
    private static readonly JsonWriterOptions Indented = new() { Indented = true };

    public async Task WriteAsync(long userId, Stream output, CancellationToken ct)
    {
        await using var zip = await ZipArchive.CreateAsync(output, ZipArchiveMode.Create, leaveOpen: true, Encoding.UTF8, ct);
        var user = await db.Users.AsNoTracking().FirstAsync(u => u.Id == userId, ct);

        await WriteJsonAsync(zip, "account.json", json =>
        {
            json.WriteStartObject();
            json.WriteNumber("id", user.Id);
            json.WriteString("username", user.UserName);
            json.WriteString("displayName", user.DisplayName);
            json.WriteString("email", user.Email);
            json.WriteString("createdAt", user.CreatedAt);
            json.WriteString("status", user.Status);
            json.WriteStartObject("settings");
            json.WriteBoolean("sendReadReceipts", user.SendReadReceipts);
            json.WriteBoolean("doNotDisturb", user.DoNotDisturb);
            json.WriteBoolean("notificationSounds", user.NotificationSounds);
            json.WriteEndObject();
            json.WriteEndObject();
        }, ct);

        var memberships = await db.Memberships.AsNoTracking()
            .Where(m => m.UserId == userId)
            .OrderBy(m => m.ConversationId)
            .Select(m => new
            {
                m.ConversationId,
                m.Conversation!.Kind,
                m.Conversation.Name,
                m.Conversation.Topic,
                m.Conversation.Visibility,
                m.Role,
                m.JoinedAt,
                m.Muted,
            })
            .ToListAsync(ct);
        // Who each direct conversation is with; a room's member list is no part of one's own data (and may be long).
        var directIds = memberships.Where(m => m.Kind == ConversationKind.Direct).Select(m => m.ConversationId).ToList();
        var participants = (await db.Memberships.AsNoTracking()
                .Where(m => directIds.Contains(m.ConversationId))
                .Select(m => new { m.ConversationId, m.User!.UserName })
                .ToListAsync(ct))
            .ToLookup(m => m.ConversationId, m => m.UserName!);
        await WriteJsonAsync(zip, "conversations.json", json =>
        {
            json.WriteStartArray();
            foreach (var m in memberships)
            {
                json.WriteStartObject();
                json.WriteNumber("id", m.ConversationId);
                json.WriteString("kind", m.Kind == ConversationKind.Room ? "room" : "direct");
                if (m.Kind == ConversationKind.Room)
                {
                    json.WriteString("name", m.Name);
                    json.WriteString("topic", m.Topic);
                    json.WriteString("visibility", m.Visibility.ToString().ToLowerInvariant());
                    json.WriteString("role", m.Role.ToString().ToLowerInvariant());
                }
                else
                {
                    json.WriteStartArray("participants");
                    foreach (var username in participants[m.ConversationId])
                    {
                        json.WriteStringValue(username);
                    }

                    json.WriteEndArray();
                }

                json.WriteString("joinedAt", m.JoinedAt);
                json.WriteBoolean("muted", m.Muted);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }, ct);

        // Each of one's own messages, conversation by conversation: the rows are streamed, never all loaded.
        foreach (var m in memberships)
        {
            var entry = zip.CreateEntry($"messages/{m.ConversationId}.json", CompressionLevel.Fastest);
            await using var stream = await entry.OpenAsync(ct);
            await using var json = new Utf8JsonWriter(stream, Indented);
            json.WriteStartObject();
            json.WriteNumber("conversationId", m.ConversationId);
            json.WriteString("conversation", m.Kind == ConversationKind.Room ? m.Name : string.Join(", ", participants[m.ConversationId]));
            json.WriteStartArray("messages");
            var messages = db.Messages.AsNoTracking()
                .Where(x => x.ConversationId == m.ConversationId && x.AuthorId == userId && x.Kind == MessageKind.Text && x.DeletedAt == null)
                .OrderBy(x => x.Id)
                .Select(x => new { x.Id, x.CreatedAt, x.EditedAt, x.Text, x.ReplyToId, Files = x.Files.OrderBy(f => f.Position).Select(f => f.Name).ToList() })
                .AsAsyncEnumerable();
            await foreach (var message in messages.WithCancellation(ct))
            {
                json.WriteStartObject();
                json.WriteNumber("id", message.Id);
                json.WriteString("createdAt", message.CreatedAt);
                if (message.EditedAt is { } edited)
                {
                    json.WriteString("editedAt", edited);
                }

                json.WriteString("text", message.Text);
                if (message.ReplyToId is { } replyTo)
                {
                    json.WriteNumber("replyToId", replyTo);
                }

                json.WriteStartArray("files");
                message.Files.ForEach(json.WriteStringValue);
                json.WriteEndArray();
                json.WriteEndObject();
                await json.FlushAsync(ct);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        var reactions = await db.Reactions.AsNoTracking()
            .Where(r => r.UserId == userId)
            .OrderBy(r => r.CreatedAt)
            .Select(r => new { r.MessageId, r.Emoji, r.CreatedAt, ConversationId = db.Messages.Where(x => x.Id == r.MessageId).Select(x => x.ConversationId).First() })
            .ToListAsync(ct);
        await WriteJsonAsync(zip, "reactions.json", json =>
        {
            json.WriteStartArray();
            foreach (var r in reactions)
            {
                json.WriteStartObject();
                json.WriteNumber("conversationId", r.ConversationId);
                json.WriteNumber("messageId", r.MessageId);
                json.WriteString("emoji", r.Emoji);
                json.WriteString("createdAt", r.CreatedAt);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }, ct);

        await WriteUploadsAsync(zip, userId, ct);

        if (user.AvatarVersion > 0 && avatars.Find(userId, user.AvatarVersion, AvatarStore.Sizes[^1]) is { } picture)
        {
            var entry = zip.CreateEntry("profile-picture.webp", CompressionLevel.NoCompression);
            await using var to = await entry.OpenAsync(ct);
            await using var from = File.OpenRead(picture);
            await from.CopyToAsync(to, ct);
        }
    }

    /// <summary>The files the user sent (not GIFs, which are links), under their original names made unique.</summary>
    private async Task WriteUploadsAsync(ZipArchive zip, long userId, CancellationToken ct)
    {
        var uploads = await db.Files.AsNoTracking()
            .Where(f => f.UploaderId == userId && f.MessageId != null && f.StorageKey != null)
            .OrderBy(f => f.Id)
            .Select(f => new { f.Name, Key = f.StorageKey! })
            .ToListAsync(ct);
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var upload in uploads)
        {
            await using var content = await storage.OpenReadAsync(upload.Key, ct);
            if (content is null)
            {
                continue; // removed meanwhile, with its message
            }

            var entry = zip.CreateEntry("files/" + UniqueName(upload.Name, taken), CompressionLevel.Fastest);
            await using var to = await entry.OpenAsync(ct);
            await content.CopyToAsync(to, ct);
        }
    }

    /// <summary>"notes.txt", then "notes (2).txt", "notes (3).txt"…; never a path, whatever the name held.</summary>
    internal static string UniqueName(string name, HashSet<string> taken)
    {
        var safe = string.Concat(name.Select(c => c is '/' or '\\' || char.IsControl(c) ? '_' : c)).Trim();
        if (safe.Length == 0 || safe is "." or "..")
        {
            safe = "file";
        }

        var stem = Path.GetFileNameWithoutExtension(safe);
        var extension = Path.GetExtension(safe);
        var candidate = safe;
        for (var n = 2; !taken.Add(candidate); n++)
        {
            candidate = $"{stem} ({n}){extension}";
        }

        return candidate;
    }

    private static async Task WriteJsonAsync(ZipArchive zip, string name, Action<Utf8JsonWriter> write, CancellationToken ct)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Fastest);
        await using var stream = await entry.OpenAsync(ct);
        await using var json = new Utf8JsonWriter(stream, Indented);
        write(json);
        await json.FlushAsync(ct);
    }
}

public static class DataExportApi
{
    public static RouteGroupBuilder MapDataExport(this RouteGroupBuilder api)
    {
        api.MapGet("/me/export", async (HttpContext http, DataExport export, AuditLog audit) =>
            {
                // Someone who took over a session would start here: the owner should see it in the log.
                await audit.RecordAsync(AuditActions.DataExported, AuditActor.Of(http), AuditTarget.User(http.User.GetUserId(), http.User.Identity?.Name));
                // The zip writer still writes an entry's header synchronously, even through its async API; for this
                // one response (a few an hour per user) a blocked thread is the price of never buffering the export.
                http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpBodyControlFeature>()!.AllowSynchronousIO = true;
                return TypedResults.Stream(body => export.WriteAsync(http.User.GetUserId(), body, http.RequestAborted), "application/zip", "parley-data.zip");
            })
            .WithTags("Accounts").RequireRateLimiting(RateLimits.DataExports)
            .WithSummary("Download your data: a zip of JSON and your uploaded files")
            .WithDescription("account.json, conversations.json, messages/<conversation id>.json (your own messages), reactions.json, files/ (what you uploaded, by original name) and profile-picture.webp. Limited per user per hour (Parley:RateLimits:DataExportsPerHour).");
        return api;
    }
}
