using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Parley.Infrastructure.Data;

/// <summary>Someone a room's owner or admins banned: not a member, and no way in (join, password, invite link, name) until unbanned.</summary>
public sealed class RoomBan
{
    public long ConversationId { get; set; }

    public long UserId { get; set; }

    /// <summary>Null once the moderator's account is gone; the ban stays.</summary>
    public long? BannedById { get; set; }

    public DateTime BannedAt { get; set; }

    public string? Reason { get; set; }
}

/// <summary>A member muted in a room until <see cref="Until"/>: they read, but may not write, react or edit. An expired row means nothing.</summary>
public sealed class RoomTimeout
{
    public long ConversationId { get; set; }

    public long UserId { get; set; }

    public DateTime Until { get; set; }

    public long? TimedOutById { get; set; }

    public DateTime CreatedAt { get; set; }
}

public enum ReportCategory
{
    Spam = 1,
    Harassment = 2,
    Inappropriate = 3,
    Other = 4,
}

public enum ReportStatus
{
    Open = 1,
    Resolved = 2,
    Dismissed = 3,
}

/// <summary>
/// A message someone reported to the room's owner and admins and to the server's administrators. The message's
/// text and author are copied in when it is reported: the queue shows what was reported even after an edit or a
/// deletion, and to an administrator who is not in the conversation.
/// </summary>
public sealed class MessageReport
{
    public long Id { get; set; }

    public long ConversationId { get; set; }

    public long MessageId { get; set; }

    public long ReporterId { get; set; }

    public long AuthorId { get; set; }

    public string AuthorName { get; set; } = "";

    public string MessageText { get; set; } = "";

    public DateTime MessageSentAt { get; set; }

    public ReportCategory Category { get; set; }

    public string? Comment { get; set; }

    public DateTime CreatedAt { get; set; }

    public ReportStatus Status { get; set; } = ReportStatus.Open;

    public long? ClosedById { get; set; }

    public string? ClosedByName { get; set; }

    public DateTime? ClosedAt { get; set; }
}

internal sealed class RoomBanConfiguration : IEntityTypeConfiguration<RoomBan>
{
    public void Configure(EntityTypeBuilder<RoomBan> ban)
    {
        ban.ToTable("RoomBans");
        ban.HasKey(b => new { b.ConversationId, b.UserId });
        ban.Property(b => b.Reason).HasMaxLength(500);
        ban.HasOne<Conversation>().WithMany().HasForeignKey(b => b.ConversationId).OnDelete(DeleteBehavior.Cascade);
        ban.HasOne<User>().WithMany().HasForeignKey(b => b.UserId).OnDelete(DeleteBehavior.Cascade);
        ban.HasOne<User>().WithMany().HasForeignKey(b => b.BannedById).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class RoomTimeoutConfiguration : IEntityTypeConfiguration<RoomTimeout>
{
    public void Configure(EntityTypeBuilder<RoomTimeout> timeout)
    {
        timeout.ToTable("RoomTimeouts");
        timeout.HasKey(t => new { t.ConversationId, t.UserId });
        timeout.HasOne<Conversation>().WithMany().HasForeignKey(t => t.ConversationId).OnDelete(DeleteBehavior.Cascade);
        timeout.HasOne<User>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
        timeout.HasOne<User>().WithMany().HasForeignKey(t => t.TimedOutById).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class MessageReportConfiguration : IEntityTypeConfiguration<MessageReport>
{
    public void Configure(EntityTypeBuilder<MessageReport> report)
    {
        report.ToTable("MessageReports");
        report.Property(r => r.AuthorName).HasMaxLength(64);
        report.Property(r => r.ClosedByName).HasMaxLength(64);
        report.Property(r => r.Comment).HasMaxLength(500);
        // Once per message per person.
        report.HasIndex(r => new { r.MessageId, r.ReporterId }).IsUnique();
        // The queue reads open reports, newest first, per room or all.
        report.HasIndex(r => new { r.Status, r.ConversationId, r.Id });
        report.HasOne<Conversation>().WithMany().HasForeignKey(r => r.ConversationId).OnDelete(DeleteBehavior.Cascade);
        report.HasOne<Message>().WithMany().HasForeignKey(r => r.MessageId).OnDelete(DeleteBehavior.Cascade);
        report.HasOne<User>().WithMany().HasForeignKey(r => r.ReporterId).OnDelete(DeleteBehavior.Cascade);
    }
}
