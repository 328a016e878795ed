using Microsoft.EntityFrameworkCore;
using Parley.Access;
using Parley.Events;
using Parley.Infrastructure;
using Parley.Infrastructure.Data;
using Parley.Messages;

namespace Parley.Conversations;

/// <summary>The caller's conversations — rooms and direct messages in one list — with what is new in each.</summary>
public sealed class ConversationQueries(ParleyDb db, IPresence presence)
{
    /// <summary>Unread counts stop here: "100" means a hundred or more, shown as 99+.</summary>
    public const int UnreadCountCap = 100;

    public static readonly ApiError ReadReceiptsOff = ApiError.Forbidden("read_receipts_off",
        "Read receipts are mutual: turn on your own (Preferences → Send read receipts) to see who has read a message.");

    /// <summary>Every conversation of the viewer, most recent activity first.</summary>
    public Task<List<ConversationDto>> ListAsync(long viewerId, CancellationToken cancellationToken) =>
        LoadAsync(viewerId, db.Memberships.Where(m => m.UserId == viewerId), cancellationToken);

    /// <summary>One conversation as it appears in its member's list; null when they left it a moment ago.</summary>
    public async Task<ConversationDto?> GetAsync(ConversationGrant grant, CancellationToken cancellationToken = default) =>
        (await LoadAsync(grant.UserId, db.Memberships.Where(m => m.UserId == grant.UserId && m.ConversationId == grant.ConversationId), cancellationToken, includeEmpty: true))
            .FirstOrDefault();

    /// <summary>The member's own read, clear, mute, pin and hide state in one conversation, with the counts it implies.</summary>
    public async Task<ConversationStateDto?> GetStateAsync(ConversationGrant grant, CancellationToken cancellationToken = default) =>
        await Summaries(db.Memberships.Where(mb => mb.UserId == grant.UserId && mb.ConversationId == grant.ConversationId), grant.UserId)
            .Select(s => new ConversationStateDto(s.ConversationId, s.LastReadMessageId, s.ClearedBeforeMessageId, s.Muted, s.Unread, s.Mentioned, s.PinnedAt, s.HiddenUpToMessageId))
            .FirstOrDefaultAsync(cancellationToken);

    /// <summary>
    /// Members other than the author who have read up to the message and share read receipts. Receipts are mutual:
    /// who keeps their own reading private sees nobody else's either.
    /// </summary>
    public async Task<Result<List<UserSummary>>> SeenByAsync(ConversationGrant grant, long messageId, CancellationToken cancellationToken)
    {
        if (!await db.Users.Where(u => u.Id == grant.UserId).Select(u => u.SendReadReceipts).FirstAsync(cancellationToken))
        {
            return ReadReceiptsOff;
        }

        var conversationId = grant.ConversationId;
        var authorId = await db.Messages.Where(m => m.Id == messageId && m.ConversationId == conversationId).Select(m => (long?)m.AuthorId).FirstOrDefaultAsync(cancellationToken);
        if (authorId is null)
        {
            return new List<UserSummary>();
        }

        return await db.Memberships
            .Where(mb => mb.ConversationId == conversationId && mb.UserId != authorId && mb.LastReadMessageId >= messageId && mb.User!.SendReadReceipts)
            .OrderBy(mb => mb.User!.NormalizedUserName)
            .Select(mb => new UserSummary(mb.UserId, mb.User!.UserName!, mb.User.DisplayName, mb.User.AvatarVersion))
            .ToListAsync(cancellationToken);
    }

    private async Task<List<ConversationDto>> LoadAsync(long viewerId, IQueryable<Membership> memberships, CancellationToken cancellationToken, bool includeEmpty = false)
    {
        var rows = await Summaries(memberships, viewerId).ToListAsync(cancellationToken);

        // A direct conversation someone opened with you shows up once it has a message (ever: clearing it keeps it listed).
        rows = [.. rows.Where(r => includeEmpty || r.Kind == ConversationKind.Room || r.HasMessages || r.CreatedById == viewerId)];

        var lastMessageIds = rows.Where(r => r.LastMessageId is not null).Select(r => r.LastMessageId!.Value).ToList();
        var lastMessages = await db.Messages.Where(m => lastMessageIds.Contains(m.Id)).Select(MessageQueries.AsDto).ToDictionaryAsync(m => m.Id, cancellationToken);

        var directIds = rows.Where(r => r.Kind == ConversationKind.Direct).Select(r => r.ConversationId).ToList();
        var others = await db.Memberships
            .Where(mb => directIds.Contains(mb.ConversationId) && mb.UserId != viewerId)
            .OrderBy(mb => mb.User!.NormalizedUserName)
            .Select(mb => new
            {
                mb.ConversationId,
                User = new UserSummary(mb.UserId, mb.User!.UserName!, mb.User.DisplayName, mb.User.AvatarVersion),
                mb.User.LastSeenAt,
                mb.User.SendReadReceipts,
                mb.LastReadMessageId,
            })
            .ToListAsync(cancellationToken);
        var othersByConversation = others.ToLookup(o => o.ConversationId);
        var viewerSharesReceipts = await db.Users.Where(u => u.Id == viewerId).Select(u => u.SendReadReceipts).FirstAsync(cancellationToken);

        return
        [
            .. rows.Select(r =>
            {
                var participants = othersByConversation[r.ConversationId].ToList();
                var lastMessage = r.LastMessageId is { } id ? lastMessages.GetValueOrDefault(id) : null;
                return new ConversationDto(
                    r.ConversationId,
                    r.Kind,
                    r.Kind == ConversationKind.Direct ? DirectName(participants.Select(p => p.User)) : r.Name,
                    r.Topic,
                    r.Kind == ConversationKind.Room ? r.Visibility : null,
                    r.Role,
                    r.MemberCount,
                    [.. participants.Select(p => new ParticipantDto(p.User, presence.IsOnline(p.User.Id), p.LastSeenAt))],
                    lastMessage,
                    r.Unread,
                    r.Mentioned,
                    r.LastReadMessageId,
                    r.Muted,
                    r.CreatedAt,
                    // Read receipts are mutual: who keeps their own reading private does not see others'.
                    viewerSharesReceipts
                        ? [.. participants.Where(p => p.SendReadReceipts).Select(p => new ReadPositionDto(p.User.Id, p.LastReadMessageId))]
                        : [],
                    r.PinnedAt,
                    r.HiddenUpToMessageId);
            })
            .OrderByDescending(c => c.LastMessage?.CreatedAt ?? c.CreatedAt)
            .ThenByDescending(c => c.Id),
        ];
    }

    /// <summary>
    /// One row per membership with the conversation and what is new in it. Every figure is bounded work on an
    /// index: the newest message is one lookup on (ConversationId, Id); unread stops counting at
    /// <see cref="UnreadCountCap"/>; mentions come from the caller's own mentions and the rare @room messages
    /// (a partial index), not from scanning everything unread. Deleted messages count nowhere: deleting one takes
    /// its mentions and its @room away too.
    /// </summary>
    private IQueryable<MembershipSummary> Summaries(IQueryable<Membership> memberships, long viewerId) =>
        memberships.Select(mb => new MembershipSummary
        {
            ConversationId = mb.ConversationId,
            Kind = mb.Conversation!.Kind,
            Name = mb.Conversation.Name,
            Topic = mb.Conversation.Topic,
            Visibility = mb.Conversation.Visibility,
            CreatedAt = mb.Conversation.CreatedAt,
            CreatedById = mb.Conversation.CreatedById,
            Role = mb.Role,
            LastReadMessageId = mb.LastReadMessageId,
            ClearedBeforeMessageId = mb.ClearedBeforeMessageId,
            Muted = mb.Muted,
            PinnedAt = mb.PinnedAt,
            HiddenUpToMessageId = mb.HiddenUpToMessageId,
            MemberCount = mb.Conversation.Members.Count,
            // The preview is the newest message still there: a deleted one leaves the one before it.
            LastMessageId = db.Messages.Where(m => m.ConversationId == mb.ConversationId && m.Id > mb.ClearedBeforeMessageId && m.DeletedAt == null).Max(m => (long?)m.Id),
            HasMessages = db.Messages.Any(m => m.ConversationId == mb.ConversationId),
            Unread = db.Messages
                .Where(m => m.ConversationId == mb.ConversationId && m.Id > mb.LastReadMessageId && m.Id > mb.ClearedBeforeMessageId
                    && m.AuthorId != viewerId && m.Kind == MessageKind.Text && m.DeletedAt == null)
                // Which rows the cap keeps does not change the count; ordering by the index's own order keeps EF
                // from warning about an unordered Take, at no cost.
                .OrderBy(m => m.Id)
                .Take(UnreadCountCap)
                .Count(),
            Mentioned = db.Mentions.Count(x => x.UserId == viewerId && x.MessageId > mb.LastReadMessageId && x.MessageId > mb.ClearedBeforeMessageId
                    && db.Messages.Any(m => m.Id == x.MessageId && m.ConversationId == mb.ConversationId && m.AuthorId != viewerId && !m.MentionsRoom))
                + db.Messages.Count(m => m.ConversationId == mb.ConversationId && m.MentionsRoom && m.Id > mb.LastReadMessageId && m.Id > mb.ClearedBeforeMessageId
                    && m.AuthorId != viewerId),
        });

    private static string DirectName(IEnumerable<UserSummary> others)
    {
        var names = others.Select(o => o.DisplayName).ToList();
        return names.Count == 0 ? "Just you" : string.Join(", ", names);
    }

    private sealed class MembershipSummary
    {
        public long ConversationId { get; init; }

        public ConversationKind Kind { get; init; }

        public string Name { get; init; } = "";

        public string? Topic { get; init; }

        public RoomVisibility Visibility { get; init; }

        public DateTime CreatedAt { get; init; }

        public long? CreatedById { get; init; }

        public MemberRole Role { get; init; }

        public long LastReadMessageId { get; init; }

        public long ClearedBeforeMessageId { get; init; }

        public bool Muted { get; init; }

        public DateTime? PinnedAt { get; init; }

        public long? HiddenUpToMessageId { get; init; }

        public int MemberCount { get; init; }

        public long? LastMessageId { get; init; }

        public bool HasMessages { get; init; }

        public int Unread { get; init; }

        public int Mentioned { get; init; }
    }
}
