using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Parley.Infrastructure.Data;

public sealed class Message
{
    /// <summary>
    /// Within a conversation, in commit order: the writer takes ids only while it holds the conversation's row
    /// locked, so "after id N" never skips a message, whichever node wrote it.
    /// </summary>
    public long Id { get; set; }

    public long ConversationId { get; set; }

    /// <summary>
    /// The message's place in its conversation: 1, 2, 3… without gaps, in the same order as <see cref="Id"/>. A client
    /// that receives seq n+2 after n knows one is missing (another node's event still on its way, or lost).
    /// </summary>
    public long Seq { get; set; }

    public long AuthorId { get; set; }

    public MessageKind Kind { get; set; }

    public string Text { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    /// <summary>The sender's idempotency key: a retry with the same key returns the stored message.</summary>
    public string? ClientMessageId { get; set; }

    /// <summary>An admin's @room: everyone in the room is mentioned.</summary>
    public bool MentionsRoom { get; set; }

    /// <summary>When the author last changed the text; null when never.</summary>
    public DateTime? EditedAt { get; set; }

    /// <summary>
    /// Set when the message was deleted for everyone. The row stays as a tombstone (empty text, no mentions,
    /// reactions or pin) so that replies to it and the change sequence keep pointing somewhere.
    /// </summary>
    public DateTime? DeletedAt { get; set; }

    public long? DeletedById { get; set; }

    /// <summary>The message this one answers, in the same conversation.</summary>
    public long? ReplyToId { get; set; }

    /// <summary>
    /// 0 until the message first changes after it was sent; then the conversation's <see cref="Conversation.LastChangeSeq"/>
    /// at its latest change (edit, delete, reaction, pin), so clients catch up on changes with "after seq N".
    /// </summary>
    public long ChangeSeq { get; set; }

    public DateTime? PinnedAt { get; set; }

    public long? PinnedById { get; set; }

    public User? Author { get; set; }

    public Message? ReplyTo { get; set; }

    public User? PinnedBy { get; set; }

    public List<MessageMention> Mentions { get; set; } = [];

    public List<MessageReaction> Reactions { get; set; } = [];

    /// <summary>Its attachments, in <see cref="StoredFile.Position"/> order.</summary>
    public List<StoredFile> Files { get; set; } = [];
}

/// <summary>One person's reaction with one emoji to a message.</summary>
public sealed class MessageReaction
{
    /// <summary>The longest emoji stored (a family or flag sequence is some 25 UTF-16 units); see ReactionRules.</summary>
    public const int MaxEmojiLength = 64;

    public long MessageId { get; set; }

    public long UserId { get; set; }

    public string Emoji { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    public User? User { get; set; }
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
        // The database itself refuses a second message in one place: two writers can never both take seq n.
        message.HasIndex(m => new { m.ConversationId, m.Seq }).IsUnique();
        // @room messages are rare: counting the unread ones for a member must not scan the whole room.
        message.HasIndex(m => new { m.ConversationId, m.Id }, "IX_Messages_RoomMentions").HasFilter("\"MentionsRoom\""); // the bare form, as EF writes the condition, or SQLite ignores the index
        message.HasIndex(m => new { m.AuthorId, m.Id }); // search from:someone, newest first
        message.HasIndex(m => new { m.AuthorId, m.ClientMessageId }).IsUnique().HasFilter("\"ClientMessageId\" IS NOT NULL");
        message.HasOne<Conversation>().WithMany().HasForeignKey(m => m.ConversationId).OnDelete(DeleteBehavior.Cascade);
        message.HasOne(m => m.Author).WithMany().HasForeignKey(m => m.AuthorId).OnDelete(DeleteBehavior.Cascade);

        // Every index below is partial: a new message (null, 0) enters none of them, so the send path pays nothing.
        message.HasIndex(m => new { m.ConversationId, m.ChangeSeq }, "IX_Messages_Changes").HasFilter("\"ChangeSeq\" > 0");
        message.HasIndex(m => new { m.ConversationId, m.PinnedAt }, "IX_Messages_Pins").HasFilter("\"PinnedAt\" IS NOT NULL");
        message.HasIndex(m => m.ReplyToId).HasFilter("\"ReplyToId\" IS NOT NULL");
        message.HasIndex(m => m.PinnedById).HasFilter("\"PinnedById\" IS NOT NULL");
        message.HasIndex(m => m.DeletedById).HasFilter("\"DeletedById\" IS NOT NULL");
        // A reply outlives its original (a room's messages are only ever removed all together, with the room).
        message.HasOne(m => m.ReplyTo).WithMany().HasForeignKey(m => m.ReplyToId).OnDelete(DeleteBehavior.SetNull);
        message.HasOne(m => m.PinnedBy).WithMany().HasForeignKey(m => m.PinnedById).OnDelete(DeleteBehavior.SetNull);
        message.HasOne<User>().WithMany().HasForeignKey(m => m.DeletedById).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class MessageReactionConfiguration : IEntityTypeConfiguration<MessageReaction>
{
    public void Configure(EntityTypeBuilder<MessageReaction> reaction)
    {
        reaction.ToTable("Reactions");
        reaction.HasKey(r => new { r.MessageId, r.UserId, r.Emoji });
        reaction.Property(r => r.Emoji).HasMaxLength(MessageReaction.MaxEmojiLength);
        reaction.HasIndex(r => r.UserId);
        reaction.HasOne<Message>().WithMany(m => m.Reactions).HasForeignKey(r => r.MessageId).OnDelete(DeleteBehavior.Cascade);
        reaction.HasOne(r => r.User).WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
