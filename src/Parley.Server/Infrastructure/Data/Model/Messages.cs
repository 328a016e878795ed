using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Parley.Infrastructure.Data;

public sealed class Message
{
    /// <summary>Assigned in commit order by the single writer, so "after id N" never skips a message.</summary>
    public long Id { get; set; }

    public long ConversationId { get; set; }

    public long AuthorId { get; set; }

    public MessageKind Kind { get; set; }

    public string Text { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    /// <summary>The sender's idempotency key: a retry with the same key returns the stored message.</summary>
    public string? ClientMessageId { get; set; }

    /// <summary>An admin's @room: everyone in the room is mentioned.</summary>
    public bool MentionsRoom { get; set; }

    public User? Author { get; set; }

    public List<MessageMention> Mentions { get; set; } = [];
}

/// <summary>A member named with @username in a message.</summary>
public sealed class MessageMention
{
    public long MessageId { get; set; }

    public long UserId { get; set; }
}

public enum MessageKind
{
    Text = 0,

    /// <summary>Written by Parley on someone's behalf: joins, leaves, room changes.</summary>
    System = 1,
}

internal sealed class MessageMentionConfiguration : IEntityTypeConfiguration<MessageMention>
{
    public void Configure(EntityTypeBuilder<MessageMention> mention)
    {
        mention.ToTable("Mentions");
        mention.HasKey(m => new { m.MessageId, m.UserId });
        mention.HasIndex(m => new { m.UserId, m.MessageId });
        mention.HasOne<Message>().WithMany(m => m.Mentions).HasForeignKey(m => m.MessageId).OnDelete(DeleteBehavior.Cascade);
        mention.HasOne<User>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MessageConfiguration : IEntityTypeConfiguration<Message>
{
    public void Configure(EntityTypeBuilder<Message> message)
    {
        message.Property(m => m.ClientMessageId).HasMaxLength(64);
        message.HasIndex(m => new { m.ConversationId, m.Id });
        // @room messages are rare: counting the unread ones for a member must not scan the whole room.
        message.HasIndex(m => new { m.ConversationId, m.Id }, "IX_Messages_RoomMentions").HasFilter("\"MentionsRoom\""); // the bare form, as EF writes the condition, or SQLite ignores the index
        message.HasIndex(m => new { m.AuthorId, m.Id }); // search from:someone, newest first
        message.HasIndex(m => new { m.AuthorId, m.ClientMessageId }).IsUnique().HasFilter("\"ClientMessageId\" IS NOT NULL");
        message.HasOne<Conversation>().WithMany().HasForeignKey(m => m.ConversationId).OnDelete(DeleteBehavior.Cascade);
        message.HasOne(m => m.Author).WithMany().HasForeignKey(m => m.AuthorId).OnDelete(DeleteBehavior.Cascade);
    }
}
