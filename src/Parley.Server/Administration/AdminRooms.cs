using Microsoft.EntityFrameworkCore;
using Parley.Access;
using Parley.Audit;
using Parley.Events;
using Parley.Infrastructure;
using Parley.Infrastructure.Data;
using Parley.Rooms;

namespace Parley.Administration;

/// <summary>
/// Every room, for an administrator: names and numbers of all of them, private ones included, but never a
/// message. Deleting and handing over go through <see cref="RoomActions"/> as the room's owner would, so members
/// are told live, files go with the room, and the one-owner rules hold.
/// </summary>
public sealed class AdminRooms(ParleyDb db, ConversationAccess access, RoomActions actions, RoomQueries queries, AuditLog audit)
{
    public const int MaxLimit = 100;

    public static readonly ApiError AlreadyOwner = ApiError.BadRequest("already_owner", "This member owns the room already.");

    public async Task<Result<AdminPage<AdminRoomRow>>> ListAsync(AdministratorGrant administrator, string? q, int? offset, int? limit, CancellationToken cancellationToken)
    {
        if (q is not null && q.Length > RoomRules.MaxNameLength * 4)
        {
            return Paging.TooLong("q", RoomRules.MaxNameLength * 4);
        }

        var (skip, take) = Paging.Window(offset, limit, MaxLimit);
        var rooms = db.Conversations.AsNoTracking().Where(c => c.Kind == ConversationKind.Room);
        if (!string.IsNullOrWhiteSpace(q))
        {
            var lower = q.Trim().TrimStart('#').ToLowerInvariant();
#pragma warning disable CA1862 // Lower-casing both sides is the form every provider translates.
            rooms = rooms.Where(c => c.Name.ToLower().Contains(lower));
#pragma warning restore CA1862
        }

        var total = await rooms.CountAsync(cancellationToken);
        var rows = await rooms
            .OrderBy(c => c.Name)
            .ThenBy(c => c.Id)
            .Skip(skip)
            .Take(take)
            .Select(c => new
            {
                c.Id,
                c.Name,
                c.Visibility,
                c.CreatedAt,
                Owner = c.Members.Where(m => m.Role == MemberRole.Owner).Select(m => new { m.User!.Id, m.User.UserName, m.User.DisplayName, m.User.AvatarVersion }).FirstOrDefault(),
                Members = c.Members.Count,
                Messages = db.Messages.Count(m => m.ConversationId == c.Id && m.Kind == MessageKind.Text && m.DeletedAt == null),
            })
            .ToListAsync(cancellationToken);
        var items = rows
            .Select(r => new AdminRoomRow(r.Id, r.Name, r.Visibility, r.CreatedAt,
                r.Owner is null ? null : new UserSummary(r.Owner.Id, r.Owner.UserName!, r.Owner.DisplayName, r.Owner.AvatarVersion), r.Members, r.Messages))
            .ToList();
        return new AdminPage<AdminRoomRow>(items, total, skip, take);
    }

    /// <summary>Who is in the room and with which role, to choose a new owner from.</summary>
    public async Task<Result<List<MemberDto>>> ListMembersAsync(AdministratorGrant administrator, long roomId, CancellationToken cancellationToken) =>
        await access.RoomAsItsOwnerAsync(administrator, roomId).MapAsync(room => queries.ListMembersAsync(room, cancellationToken));

    public async Task<Result<bool>> DeleteAsync(AdministratorGrant administrator, long roomId, AuditActor actor)
    {
        var name = await db.Conversations.Where(c => c.Id == roomId).Select(c => c.Name).FirstOrDefaultAsync();
        var deleted = await access.RoomAsItsOwnerAsync(administrator, roomId).ThenAsync(actions.DeleteAsync);
        if (deleted.IsSuccess)
        {
            await audit.RecordAsync(AuditActions.RoomDeleted, actor, AuditTarget.Room(roomId, name));
        }

        return deleted;
    }

    /// <summary>
    /// Makes a member the owner, as the owner handing over would: the old owner stays on as an admin, members see
    /// the change live and the room's history notes it.
    /// </summary>
    public async Task<Result<MemberDto>> TransferOwnershipAsync(AdministratorGrant administrator, long roomId, TransferOwnershipRequest request, AuditActor actor)
    {
        if (request.UserId is not { } newOwnerId)
        {
            return ApiError.Validation(new ValidationErrors().Add("userId", "Choose the member who will own the room."));
        }

        var room = await access.RoomAsItsOwnerAsync(administrator, roomId);
        if (!room.IsSuccess)
        {
            return room.Error!;
        }

        if (room.Value!.UserId == newOwnerId)
        {
            return AlreadyOwner;
        }

        var previousOwner = await queries.GetMemberAsync(roomId, room.Value.UserId);
        var changed = await actions.ChangeRoleAsync(room.Value, newOwnerId, new ChangeRoleRequest(MemberRole.Owner));
        if (changed.IsSuccess)
        {
            var name = await db.Conversations.Where(c => c.Id == roomId).Select(c => c.Name).FirstOrDefaultAsync();
            await audit.RecordAsync(AuditActions.RoomOwnershipTransferred, actor, AuditTarget.Room(roomId, name),
                $"From {previousOwner?.User.Username ?? "nobody"} to {changed.Value!.User.Username}");
        }

        return changed;
    }
}
