using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Parley.Infrastructure.Data;

public sealed class User : IdentityUser<long>
{
    public string DisplayName { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    /// <summary>When the user's last connection closed; shown as "last seen" while they are offline.</summary>
    public DateTime? LastSeenAt { get; set; }

    /// <summary>Whether others see how far this user has read. Off means their read position stays private.</summary>
    public bool SendReadReceipts { get; set; } = true;

    /// <summary>Global do-not-disturb: no notifications on any device.</summary>
    public bool DoNotDisturb { get; set; }

    /// <summary>Play a sound for notifications.</summary>
    public bool NotificationSounds { get; set; } = true;

    /// <summary>
    /// Which profile picture is current: 0 for none, then one more for each picture uploaded. It is part of the
    /// picture's URL, so a URL names one picture for good and browsers may cache it forever. A removed picture leaves
    /// minus its version (none now, but the next picture still gets a number never used before).
    /// </summary>
    public int AvatarVersion { get; set; }

    /// <summary>A short line others see beside the name ("On holiday until Monday"); null for none.</summary>
    public string? Status { get; set; }

    /// <summary>
    /// A server administrator: the admin console, every account and room (never a private room's messages), the
    /// reports queue and the audit log. The first account on a fresh server is one; `admin grant` makes more.
    /// </summary>
    public bool IsAdmin { get; set; }

    /// <summary>When an administrator deactivated the account: it cannot sign in and all its sessions ended. Null while active.</summary>
    public DateTime? DeactivatedAt { get; set; }

    /// <summary>
    /// When the person deleted their account. The row stays, emptied (no email, password or picture; "Deleted user";
    /// a username nobody can type), so the messages kept under it still have an author.
    /// </summary>
    public DateTime? DeletedAt { get; set; }
}

/// <summary>The blocker no longer hears from the blocked user in direct messages.</summary>
public sealed class Block
{
    public long BlockerId { get; set; }

    public long BlockedId { get; set; }

    public DateTime CreatedAt { get; set; }
}

/// <summary>A signed-in browser or an issued access token. Revoking it ends its requests and live connections.</summary>
public sealed class UserSession
{
    public Guid Id { get; set; }

    public long UserId { get; set; }

    public SessionKind Kind { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime ExpiresAt { get; set; }

    public DateTime LastSeenAt { get; set; }

    public DateTime? RevokedAt { get; set; }

    public string? UserAgent { get; set; }

    /// <summary>The client's address when it signed in (behind a trusted proxy, the one the proxy forwarded), shown in the sessions list.</summary>
    public string? IpAddress { get; set; }

    /// <summary>What its owner called a personal access token ("backup script"); null for other kinds.</summary>
    public string? Name { get; set; }
}

public enum SessionKind
{
    Browser = 1,
    Token = 2,

    /// <summary>A long-lived token its owner made in settings for scripts, shown once and revocable there.</summary>
    PersonalToken = 3,
}

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> user)
    {
        // The limits the accounts feature enforces (UsernameRules, AccountRules); DatabaseModelTests checks they still fit.
        user.Property(u => u.UserName).HasMaxLength(32);
        user.Property(u => u.NormalizedUserName).HasMaxLength(32);
        user.Property(u => u.Email).HasMaxLength(254);
        user.Property(u => u.NormalizedEmail).HasMaxLength(254);
        user.Property(u => u.DisplayName).HasMaxLength(64);
        user.Property(u => u.Status).HasMaxLength(100);
        user.Property(u => u.SendReadReceipts).HasDefaultValue(true);
        user.Property(u => u.NotificationSounds).HasDefaultValue(true);
        // Identity only indexes the normalized email; uniqueness is ours to guarantee.
        user.HasIndex(u => u.NormalizedEmail).IsUnique();
    }
}

internal sealed class BlockConfiguration : IEntityTypeConfiguration<Block>
{
    public void Configure(EntityTypeBuilder<Block> block)
    {
        block.HasKey(b => new { b.BlockerId, b.BlockedId });
        block.HasIndex(b => b.BlockedId);
        block.HasOne<User>().WithMany().HasForeignKey(b => b.BlockerId).OnDelete(DeleteBehavior.Cascade);
        block.HasOne<User>().WithMany().HasForeignKey(b => b.BlockedId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class UserSessionConfiguration : IEntityTypeConfiguration<UserSession>
{
    public void Configure(EntityTypeBuilder<UserSession> session)
    {
        session.ToTable("Sessions");
        session.Property(s => s.UserAgent).HasMaxLength(256);
        session.Property(s => s.IpAddress).HasMaxLength(45);
        session.Property(s => s.Name).HasMaxLength(64);
        session.HasIndex(s => s.UserId);
        session.HasOne<User>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
