using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Parley.Accounts;
using Parley.Conversations;

namespace Parley.Messages;

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

    public User? Author { get; set; }
}

public enum MessageKind
{
    Text = 0,

    /// <summary>Written by Parley on someone's behalf: joins, leaves, room changes.</summary>
    System = 1,
}

internal sealed class MessageConfiguration : IEntityTypeConfiguration<Message>
{
    public void Configure(EntityTypeBuilder<Message> message)
    {
        message.Property(m => m.ClientMessageId).HasMaxLength(MessageRules.MaxClientMessageIdLength);
        message.HasIndex(m => new { m.ConversationId, m.Id });
        message.HasIndex(m => new { m.AuthorId, m.ClientMessageId }).IsUnique().HasFilter("\"ClientMessageId\" IS NOT NULL");
        message.HasOne<Conversation>().WithMany().HasForeignKey(m => m.ConversationId).OnDelete(DeleteBehavior.Cascade);
        message.HasOne(m => m.Author).WithMany().HasForeignKey(m => m.AuthorId).OnDelete(DeleteBehavior.Cascade);
    }
}
