using Parley.Events;

namespace Parley.Accounts;

public sealed record MeDto(long Id, string Username, string DisplayName, string Email, DateTime CreatedAt);

public sealed record RegisterRequest(string? Username, string? Email, string? Password, string? DisplayName);

public sealed record SignInRequest(string? Username, string? Password);

public sealed record AccessTokenResponse(string AccessToken, DateTime ExpiresAt);

public sealed record AntiforgeryTokenResponse(string Token, string HeaderName);

public sealed record PasswordPolicyResponse(int MinLength, int MaxLength, IReadOnlyList<string> Rules);

/// <summary>Someone to start a conversation with, found by name.</summary>
public sealed record UserSearchResult(UserSummary User, bool Online);

/// <summary>Only the fields present change.</summary>
public sealed record UpdateSettingsRequest(bool? SendReadReceipts, bool? DoNotDisturb, bool? NotificationSounds);
