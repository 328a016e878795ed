using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Parley.Infrastructure.Data;

/// <summary>A link that lets whoever holds it join a room, until it expires, runs out of uses or is revoked.</summary>
public sealed class RoomInvite
{
    public long Id { get; set; }

    /// <summary>Unguessable: 128 random bits, base64url.</summary>
    public string Code { get; set; } = "";

    public long ConversationId { get; set; }

    public long CreatedById { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? ExpiresAt { get; set; }

    public int? MaxUses { get; set; }

    public int Uses { get; set; }

    public DateTime? RevokedAt { get; set; }

    public bool IsUsable(DateTime now) =>
        RevokedAt is null && (ExpiresAt is null || ExpiresAt > now) && (MaxUses is null || Uses < MaxUses);
}

internal sealed class RoomInviteConfiguration : IEntityTypeConfiguration<RoomInvite>
{
    public void Configure(EntityTypeBuilder<RoomInvite> invite)
    {
        invite.ToTable("Invites");
        invite.Property(i => i.Code).HasMaxLength(64);
        invite.HasIndex(i => i.Code).IsUnique();
        invite.HasIndex(i => i.ConversationId);
        invite.HasOne<Conversation>().WithMany().HasForeignKey(i => i.ConversationId).OnDelete(DeleteBehavior.Cascade);
        invite.HasOne<User>().WithMany().HasForeignKey(i => i.CreatedById).OnDelete(DeleteBehavior.Cascade);
    }
}
