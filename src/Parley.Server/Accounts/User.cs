using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Parley.Accounts;

public sealed class User : IdentityUser<long>
{
    public string DisplayName { get; set; } = "";

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
}

public enum SessionKind
{
    Browser = 1,
    Token = 2,
}

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> user)
    {
        user.Property(u => u.UserName).HasMaxLength(UsernameRules.MaxLength);
        user.Property(u => u.NormalizedUserName).HasMaxLength(UsernameRules.MaxLength);
        user.Property(u => u.Email).HasMaxLength(AccountRules.MaxEmailLength);
        user.Property(u => u.NormalizedEmail).HasMaxLength(AccountRules.MaxEmailLength);
        user.Property(u => u.DisplayName).HasMaxLength(AccountRules.MaxDisplayNameLength);
        // Identity only indexes the normalized email; uniqueness is ours to guarantee.
        user.HasIndex(u => u.NormalizedEmail).IsUnique();
    }
}

internal sealed class UserSessionConfiguration : IEntityTypeConfiguration<UserSession>
{
    public void Configure(EntityTypeBuilder<UserSession> session)
    {
        session.ToTable("Sessions");
        session.Property(s => s.UserAgent).HasMaxLength(256);
        session.HasIndex(s => s.UserId);
        session.HasOne<User>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
