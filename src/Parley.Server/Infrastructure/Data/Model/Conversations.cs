using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Parley.Infrastructure.Data;

/// <summary>
/// A place where messages are exchanged. Rooms and direct conversations are both conversations, so history,
/// sending, typing and read state work the same for each.
/// </summary>
public sealed class Conversation
{
    public long Id { get; set; }

    public ConversationKind Kind { get; set; }

    public string Name { get; set; } = "";

    /// <summary>
    /// A room's name in the form names are compared in (NameText.Key): public and password rooms, the ones people can
    /// find and join by name, never share one. Null for direct conversations.
    /// </summary>
    public string? NameKey { get; set; }

    public string? Topic { get; set; }

    public RoomVisibility Visibility { get; set; }

    /// <summary>Hash of a password room's password (Identity's hasher); never leaves the server.</summary>
    public string? PasswordHash { get; set; }

    /// <summary>Who created it; null for a room the server created itself (a default room, see DefaultRooms).</summary>
    public long? CreatedById { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>For a direct conversation, its participants' ids in order ("3:8:12"): the same people always find the same conversation.</summary>
    public string? DirectKey { get; set; }

    /// <summary>
    /// Counts changes to this conversation's messages after they were sent (edits, deletes, reactions, pins); each
    /// change takes the next value in its own transaction and stamps it on the message (<see cref="Message.ChangeSeq"/>).
    /// </summary>
    public long LastChangeSeq { get; set; }

    /// <summary>
    /// The <see cref="Message.Seq"/> of this conversation's newest message. The writer raises it in the transaction
    /// that stores the messages, which holds this row locked until the commit (see Messages/MessageStore.cs).
    /// </summary>
    public long LastMessageSeq { get; set; }

    public List<Membership> Members { get; set; } = [];
}

public enum ConversationKind
{
    Room = 1,
    Direct = 2,
}

public enum RoomVisibility
{
    /// <summary>Listed in the directory; anyone signed in may join.</summary>
    Public = 1,

    /// <summary>Unlisted; joined only through an invite link.</summary>
    Private = 2,

    /// <summary>Unlisted; joined by id with the room's password, or through an invite link.</summary>
    Password = 3,
}

public sealed class Membership
{
    public long ConversationId { get; set; }

    public long UserId { get; set; }

    public MemberRole Role { get; set; }

    public DateTime JoinedAt { get; set; }

    /// <summary>The newest message this member has seen; everything after it (by others) is unread. Follows them across devices.</summary>
    public long LastReadMessageId { get; set; }

    /// <summary>"Clear conversation": this member no longer sees messages up to and including this id. The others keep theirs.</summary>
    public long ClearedBeforeMessageId { get; set; }

    /// <summary>No notifications from this conversation; unread counts still show.</summary>
    public bool Muted { get; set; }

    /// <summary>When this member pinned the conversation to the top of their list; null when it is not pinned.</summary>
    public DateTime? PinnedAt { get; set; }

    /// <summary>
    /// "Hide from the list": this member's list leaves the conversation out while its newest message is at or before
    /// this id, so it comes back by itself with the next message. Null when it is not hidden.
    /// </summary>
    public long? HiddenUpToMessageId { get; set; }

    public User? User { get; set; }

    public Conversation? Conversation { get; set; }
}

/// <summary>Ordered: a higher role can do everything a lower one can.</summary>
public enum MemberRole
{
    Member = 0,
    Admin = 1,
    Owner = 2,
}

internal sealed class ConversationConfiguration : IEntityTypeConfiguration<Conversation>
{
    public void Configure(EntityTypeBuilder<Conversation> conversation)
    {
        // Room rules allow 80 and 250 characters (RoomRules); DatabaseModelTests checks they fit.
        conversation.Property(c => c.Name).HasMaxLength(320);
        conversation.Property(c => c.NameKey).HasMaxLength(320);
        conversation.HasIndex(c => c.NameKey, "IX_Conversations_DiscoverableRoomName").IsUnique()
            .HasFilter($"\"Kind\" = {(int)ConversationKind.Room} AND \"Visibility\" <> {(int)RoomVisibility.Private}");
        conversation.Property(c => c.Topic).HasMaxLength(1000);
        conversation.HasIndex(c => new { c.Kind, c.Visibility });
        conversation.Property(c => c.DirectKey).HasMaxLength(256);
        conversation.HasIndex(c => c.DirectKey).IsUnique().HasFilter("\"DirectKey\" IS NOT NULL");
        conversation.HasOne<User>().WithMany().HasForeignKey(c => c.CreatedById).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class MembershipConfiguration : IEntityTypeConfiguration<Membership>
{
    public void Configure(EntityTypeBuilder<Membership> membership)
    {
        membership.HasKey(m => new { m.ConversationId, m.UserId });
        membership.HasIndex(m => m.UserId);
        // A room has exactly one owner, whatever requests race: the database refuses a second.
        membership.HasIndex(m => m.ConversationId, "IX_Memberships_OneOwner").IsUnique().HasFilter($"\"Role\" = {(int)MemberRole.Owner}");
        membership.HasOne(m => m.Conversation).WithMany(c => c.Members).HasForeignKey(m => m.ConversationId).OnDelete(DeleteBehavior.Cascade);
        membership.HasOne(m => m.User).WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
