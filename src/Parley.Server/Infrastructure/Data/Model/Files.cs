using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Parley.Infrastructure.Data;

/// <summary>
/// One attachment: a file someone uploaded into a conversation (stored under <see cref="StorageKey"/>), or a GIF from
/// the provider (only its URLs). Until <see cref="MessageId"/> is set it is an upload not yet sent, seen only by its
/// uploader and removed by the cleanup sweep after a while.
/// </summary>
public sealed class StoredFile
{
    public const int PublicIdLength = 22;
    public const int MaxNameLength = 255;
    public const int MaxContentTypeLength = 127;
    public const int MaxStorageKeyLength = 100;
    public const int MaxUrlLength = 2048;
    public const int MaxProviderLength = 16;

    public long Id { get; set; }

    /// <summary>Random (128 bits, base64url), the only id clients see: file URLs cannot be guessed or counted.</summary>
    public string PublicId { get; set; } = "";

    public long ConversationId { get; set; }

    public long UploaderId { get; set; }

    /// <summary>Null until sent. Files of a deleted message are deleted by code (their stored bytes too), not by the database.</summary>
    public long? MessageId { get; set; }

    /// <summary>Order within its message, as the sender listed the ids.</summary>
    public int Position { get; set; }

    /// <summary>
    /// The kind the server detected, as the number of the media layer's FileKind: the data model sits below that layer
    /// and keeps the number only.
    /// </summary>
    public int Kind { get; set; }

    /// <summary>The display name: cleaned of anything that is not printable text; never used for storage.</summary>
    public string Name { get; set; } = "";

    /// <summary>What the server detected from the content, never what the client claimed.</summary>
    public string ContentType { get; set; } = "";

    public long Size { get; set; }

    /// <summary>Server-made and random: where the bytes are in storage. Null for a GIF.</summary>
    public string? StorageKey { get; set; }

    public string? ThumbnailKey { get; set; }

    public int? Width { get; set; }

    public int? Height { get; set; }

    public int? ThumbnailWidth { get; set; }

    public int? ThumbnailHeight { get; set; }

    public int? DurationMs { get; set; }

    /// <summary>A voice message's peaks, 0–100, comma-separated, at most 100 of them.</summary>
    public string? Waveform { get; set; }

    /// <summary>A GIF's media URL on its provider's host.</summary>
    public string? ExternalUrl { get; set; }

    public string? PreviewUrl { get; set; }

    public string? Provider { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? AttachedAt { get; set; }
}

internal sealed class StoredFileConfiguration : IEntityTypeConfiguration<StoredFile>
{
    public void Configure(EntityTypeBuilder<StoredFile> file)
    {
        file.ToTable("Files");
        file.Property(f => f.PublicId).HasMaxLength(StoredFile.PublicIdLength);
        file.HasIndex(f => f.PublicId).IsUnique();
        file.Property(f => f.Name).HasMaxLength(StoredFile.MaxNameLength);
        file.Property(f => f.ContentType).HasMaxLength(StoredFile.MaxContentTypeLength);
        file.Property(f => f.StorageKey).HasMaxLength(StoredFile.MaxStorageKeyLength);
        file.Property(f => f.ThumbnailKey).HasMaxLength(StoredFile.MaxStorageKeyLength);
        file.Property(f => f.ExternalUrl).HasMaxLength(StoredFile.MaxUrlLength);
        file.Property(f => f.PreviewUrl).HasMaxLength(StoredFile.MaxUrlLength);
        file.Property(f => f.Provider).HasMaxLength(StoredFile.MaxProviderLength);
        file.Property(f => f.Waveform).HasMaxLength(400);
        file.HasIndex(f => new { f.UploaderId, f.Size }); // the quota: a sum over the uploader's files, read from the index alone
        file.HasIndex(f => new { f.MessageId, f.Position }).HasFilter("\"MessageId\" IS NOT NULL");
        file.HasIndex(f => f.ConversationId);
        // The sweep asks which stored files no row names.
        file.HasIndex(f => f.StorageKey);
        file.HasIndex(f => f.ThumbnailKey).HasFilter("\"ThumbnailKey\" IS NOT NULL");
        // The sweep's question: unsent uploads older than a moment. Sent files never enter this index.
        file.HasIndex(f => f.CreatedAt, "IX_Files_Unsent").HasFilter("\"AttachedAt\" IS NULL");
        file.HasOne<Conversation>().WithMany().HasForeignKey(f => f.ConversationId).OnDelete(DeleteBehavior.Cascade);
        file.HasOne<User>().WithMany().HasForeignKey(f => f.UploaderId).OnDelete(DeleteBehavior.Cascade);
        // No action: files of a deleted message go first, by code, bytes and all; a room's go with it (cascade above).
        file.HasOne<Message>().WithMany(m => m.Files).HasForeignKey(f => f.MessageId).OnDelete(DeleteBehavior.NoAction);
    }
}
