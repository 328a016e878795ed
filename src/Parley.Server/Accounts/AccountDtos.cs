using Parley.Events;

namespace Parley.Accounts;

/// <summary>
/// The signed-in user; <see cref="AvatarUrl"/> as in <see cref="UserSummary"/>. <see cref="EmailVerified"/>: whether
/// <see cref="Email"/> was confirmed through a mailed link.
/// </summary>
public sealed record MeDto(long Id, string Username, string DisplayName, string Email, DateTime CreatedAt, string? Status, string? AvatarUrl, bool EmailVerified, bool IsAdmin)
{
    public static MeDto From(Infrastructure.Data.User user) => new(
        user.Id, user.UserName!, user.DisplayName, user.Email!, user.CreatedAt, user.Status,
        new UserSummary(user.Id, user.UserName!, user.DisplayName, user.AvatarVersion).AvatarUrl, user.EmailConfirmed, user.IsAdmin);
}

/// <summary><see cref="InviteCode"/> is needed while registration is invite-only (GET /api/auth/registration says).</summary>
public sealed record RegisterRequest(string? Username, string? Email, string? Password, string? DisplayName, string? InviteCode = null);

public sealed record SignInRequest(string? Username, string? Password);

public sealed record AccessTokenResponse(string AccessToken, DateTime ExpiresAt);

public sealed record AntiforgeryTokenResponse(string Token, string HeaderName);

public sealed record PasswordPolicyResponse(int MinLength, int MaxLength, IReadOnlyList<string> Rules);

/// <summary>Someone to start a conversation with, found by name.</summary>
public sealed record UserSearchResult(UserSummary User, bool Online);

/// <summary>Only the fields present change.</summary>
public sealed record UpdateSettingsRequest(bool? SendReadReceipts, bool? DoNotDisturb, bool? NotificationSounds);

/// <summary>Only the fields present change; an empty status clears it.</summary>
public sealed record UpdateProfileRequest(string? DisplayName, string? Status);

/// <summary>Someone as their profile card shows them.</summary>
public sealed record ProfileDto(UserSummary User, string? Status);
