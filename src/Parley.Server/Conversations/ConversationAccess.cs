using Microsoft.EntityFrameworkCore;
using Parley.Infrastructure;
using Parley.Infrastructure.Data;

namespace Parley.Conversations;

/// <summary>
/// The only way in to a conversation's contents. Every endpoint and hub method that reads or writes a
/// conversation asks here first. "Does not exist" and "is private and you are not in it" give the same answer,
/// so nobody learns that a private room exists.
/// </summary>
public sealed class ConversationAccess(ParleyDb db, MembershipCache memberships)
{
    public static readonly ApiError RoomNotFound = ApiError.NotFound("room_not_found", "This room does not exist or you are not a member of it.");

    public static readonly ApiError NotAMember = ApiError.Forbidden("not_a_member", "Join this room to read and send its messages.");

    /// <summary>The caller's role in the conversation, or why they may not use it.</summary>
    public async Task<Result<MemberRole>> RequireMemberAsync(long userId, long conversationId, CancellationToken cancellationToken = default)
    {
        if (await memberships.GetRoleAsync(conversationId, userId) is { } role)
        {
            return role;
        }

        return await IsDiscoverableRoomAsync(conversationId, cancellationToken) ? NotAMember : RoomNotFound;
    }

    /// <summary>Like <see cref="RequireMemberAsync"/>, and the role must be high enough for the action.</summary>
    public async Task<Result<MemberRole>> RequireAsync(long userId, long conversationId, Func<MemberRole, bool> allowed, string whoMay, CancellationToken cancellationToken = default)
    {
        var role = await RequireMemberAsync(userId, conversationId, cancellationToken);
        if (role.IsSuccess && !allowed(role.Value))
        {
            return ApiError.Forbidden("insufficient_role", $"Only {whoMay} can do this.");
        }

        return role;
    }

    private Task<bool> IsDiscoverableRoomAsync(long conversationId, CancellationToken cancellationToken) =>
        db.Conversations.AnyAsync(
            c => c.Id == conversationId && c.Kind == ConversationKind.Room && c.Visibility != RoomVisibility.Private,
            cancellationToken);
}
