using Microsoft.EntityFrameworkCore;
using Parley.Access;
using Parley.Events;
using Parley.Infrastructure.Data;
using Parley.Messages;

namespace Parley.Rooms;

/// <summary>Reads about rooms, each shaped for the person asking (their role, what they may see).</summary>
public sealed class RoomQueries(ParleyDb db, IPresence presence, TimeProvider clock)
{
    public const int DirectoryPageSize = 50;

    /// <summary>The room as the viewer may see it: in full as a member, as a preview from outside (no messages).</summary>
    public Task<RoomDto> GetAsync(RoomView view, CancellationToken cancellationToken = default) =>
        LoadAsync(view.UserId, view.RoomId, withLastMessage: view.Member is not null, cancellationToken);

    /// <summary>The room as its member sees it, after an action of theirs (created, joined, changed it).</summary>
    public Task<RoomDto> GetForMemberAsync(long memberId, long roomId, CancellationToken cancellationToken = default) =>
        LoadAsync(memberId, roomId, withLastMessage: true, cancellationToken);

    /// <summary>The viewer's rooms, most recently active first.</summary>
    public async Task<List<RoomDto>> ListJoinedAsync(long viewerId, CancellationToken cancellationToken)
    {
        var rooms = await db.Memberships
            .Where(m => m.UserId == viewerId && m.Conversation!.Kind == ConversationKind.Room)
            .Select(m => new
            {
                m.Conversation!.Id,
                m.Conversation.Name,
                m.Conversation.Topic,
                m.Conversation.Visibility,
                m.Conversation.CreatedAt,
                MemberCount = m.Conversation.Members.Count,
                m.Role,
            })
            .ToListAsync(cancellationToken);
        var lastMessages = await LastMessagesAsync([.. rooms.Select(r => r.Id)], cancellationToken);
        return
        [
            .. rooms
                .Select(r => new RoomDto(r.Id, r.Name, r.Topic, r.Visibility, r.MemberCount, r.CreatedAt, r.Role, lastMessages.GetValueOrDefault(r.Id)))
                .OrderByDescending(r => r.LastMessage?.CreatedAt ?? r.CreatedAt),
        ];
    }

    /// <summary>Public rooms whose name contains the search text, busiest first.</summary>
    public async Task<List<RoomDto>> SearchPublicAsync(long viewerId, string? search, CancellationToken cancellationToken)
    {
        var query = Rooms().Where(c => c.Visibility == RoomVisibility.Public);
        if (!string.IsNullOrWhiteSpace(search))
        {
            var needle = search.Trim().ToLowerInvariant();
            // Lower-casing both sides is the form every provider translates (SQLite LIKE and PostgreSQL differ on case).
#pragma warning disable CA1862
            query = query.Where(c => c.Name.ToLower().Contains(needle));
#pragma warning restore CA1862
        }

        return await query
            .OrderByDescending(c => c.Members.Count).ThenBy(c => c.Name).ThenBy(c => c.Id)
            .Take(DirectoryPageSize)
            .Select(c => new RoomDto(
                c.Id, c.Name, c.Topic, c.Visibility, c.Members.Count, c.CreatedAt,
                c.Members.Where(m => m.UserId == viewerId).Select(m => (MemberRole?)m.Role).FirstOrDefault(),
                null))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Members with their roles, owner and admins first, and whether each is online now.</summary>
    public async Task<List<MemberDto>> ListMembersAsync(ConversationGrant room, CancellationToken cancellationToken)
    {
        var members = await db.Memberships
            .Where(m => m.ConversationId == room.ConversationId)
            .OrderByDescending(m => m.Role).ThenBy(m => m.User!.NormalizedUserName)
            .Select(m => new { User = new UserSummary(m.UserId, m.User!.UserName!, m.User.DisplayName, m.User.AvatarVersion), m.Role, m.JoinedAt, m.User.Status })
            .ToListAsync(cancellationToken);
        var timeouts = await TimeoutsAsync(room.ConversationId, null, cancellationToken);
        return [.. members.Select(m => new MemberDto(m.User, m.Role, m.JoinedAt, presence.IsOnline(m.User.Id), m.Status, timeouts.GetValueOrDefault(m.User.Id)))];
    }

    public async Task<MemberDto?> GetMemberAsync(long roomId, long userId, CancellationToken cancellationToken = default)
    {
        var member = await db.Memberships
            .Where(m => m.ConversationId == roomId && m.UserId == userId)
            .Select(m => new { User = new UserSummary(m.UserId, m.User!.UserName!, m.User.DisplayName, m.User.AvatarVersion), m.Role, m.JoinedAt, m.User.Status })
            .FirstOrDefaultAsync(cancellationToken);
        if (member is null)
        {
            return null;
        }

        var timeouts = await TimeoutsAsync(roomId, userId, cancellationToken);
        return new MemberDto(member.User, member.Role, member.JoinedAt, presence.IsOnline(userId), member.Status, timeouts.GetValueOrDefault(userId));
    }

    /// <summary>Timeouts that last still, of a room's members (or of one of them).</summary>
    private async Task<Dictionary<long, DateTime?>> TimeoutsAsync(long roomId, long? userId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.RoomTimeouts
            .Where(t => t.ConversationId == roomId && t.Until > now && (userId == null || t.UserId == userId))
            .ToDictionaryAsync(t => t.UserId, t => (DateTime?)t.Until, cancellationToken);
    }

    public Task<int> CountMembersAsync(long roomId, CancellationToken cancellationToken = default) =>
        db.Memberships.CountAsync(m => m.ConversationId == roomId, cancellationToken);

    private IQueryable<Conversation> Rooms() => db.Conversations.Where(c => c.Kind == ConversationKind.Room);

    private async Task<RoomDto> LoadAsync(long viewerId, long roomId, bool withLastMessage, CancellationToken cancellationToken)
    {
        var room = await Rooms()
            .Where(c => c.Id == roomId)
            .Select(c => new
            {
                c.Id,
                c.Name,
                c.Topic,
                c.Visibility,
                c.CreatedAt,
                MemberCount = c.Members.Count,
                Role = c.Members.Where(m => m.UserId == viewerId).Select(m => (MemberRole?)m.Role).FirstOrDefault(),
            })
            .FirstAsync(cancellationToken);
        var lastMessage = withLastMessage && room.Role is not null ? (await LastMessagesAsync([room.Id], cancellationToken)).GetValueOrDefault(room.Id) : null;
        return new RoomDto(room.Id, room.Name, room.Topic, room.Visibility, room.MemberCount, room.CreatedAt, room.Role, lastMessage);
    }

    private async Task<Dictionary<long, MessageDto>> LastMessagesAsync(IReadOnlyCollection<long> roomIds, CancellationToken cancellationToken)
    {
        if (roomIds.Count == 0)
        {
            return [];
        }

        // Newest message per room via the (ConversationId, Id) index: one MAX per room, then one lookup. A deleted
        // message is no preview: the one before it is.
        var lastIds = await db.Messages
            .Where(m => roomIds.Contains(m.ConversationId) && m.DeletedAt == null)
            .GroupBy(m => m.ConversationId)
            .Select(g => g.Max(m => m.Id))
            .ToListAsync(cancellationToken);
        return await db.Messages
            .Where(m => lastIds.Contains(m.Id))
            .Select(MessageQueries.AsDto)
            .ToDictionaryAsync(m => m.RoomId, cancellationToken);
    }
}
