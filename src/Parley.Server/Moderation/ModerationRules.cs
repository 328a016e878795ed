using Parley.Infrastructure;
using Parley.Infrastructure.Data;

namespace Parley.Moderation;

/// <summary>What reports, bans and timeouts accept and who may do them to whom. Pure, so the tests can state every rule.</summary>
public static class ModerationRules
{
    public const int MaxCommentLength = 500;
    public const int MaxBanReasonLength = 500;

    /// <summary>A timeout is a cool-down, not a ban: a minute to a week (clients offer 5, 10, 60 and 1440 minutes).</summary>
    public const int MinTimeoutMinutes = 1;
    public const int MaxTimeoutMinutes = 7 * 24 * 60;

    /// <summary>
    /// The same as removing (RoomRules.CanRemove): the owner bans or times out anyone else, an admin plain members,
    /// nobody a peer or superior, and the owner never.
    /// </summary>
    public static bool CanModerate(MemberRole actor, MemberRole target) => actor >= MemberRole.Admin && actor > target;

    public static bool MayModerateRoom(MemberRole role) => role >= MemberRole.Admin;

    public static ValidationErrors CheckReport(ReportMessageRequest request, out string? comment)
    {
        comment = string.IsNullOrWhiteSpace(request.Comment) ? null : request.Comment.Trim();
        return new ValidationErrors()
            .AddIf(request.Category is not { } category || !Enum.IsDefined(category), "category", "Choose why: \"spam\", \"harassment\", \"inappropriate\" or \"other\".")
            .AddIf(comment is not null && TextLength.Of(comment) > MaxCommentLength, "comment", $"Say it in at most {MaxCommentLength} characters.");
    }

    public static ValidationErrors CheckBan(BanRequest request, out string? reason)
    {
        reason = string.IsNullOrWhiteSpace(request.Reason) ? null : request.Reason.Trim();
        return new ValidationErrors()
            .AddIf(request.UserId is null, "userId", "Say whom to ban (userId).")
            .AddIf(reason is not null && TextLength.Of(reason) > MaxBanReasonLength, "reason", $"A reason is at most {MaxBanReasonLength} characters.");
    }

    public static ValidationErrors CheckTimeout(TimeoutRequest request) =>
        new ValidationErrors().AddIf(request.Minutes is not (>= MinTimeoutMinutes and <= MaxTimeoutMinutes), "minutes",
            $"A timeout lasts {MinTimeoutMinutes} to {MaxTimeoutMinutes} minutes (a week).");
}
