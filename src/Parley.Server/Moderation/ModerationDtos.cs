using Parley.Events;
using Parley.Infrastructure.Data;

namespace Parley.Moderation;

/// <summary>Why a message is reported: a category, and optionally a few words (<see cref="ModerationRules.MaxCommentLength"/>).</summary>
public sealed record ReportMessageRequest(ReportCategory? Category, string? Comment);

public sealed record BanRequest(long? UserId, string? Reason);

public sealed record TimeoutRequest(int? Minutes);

/// <summary>Someone banned from a room, by whom and why.</summary>
public sealed record BanDto(UserSummary User, DateTime BannedAt, string? BannedByName, string? Reason);
