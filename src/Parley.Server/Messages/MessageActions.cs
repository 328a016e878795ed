using Microsoft.EntityFrameworkCore;
using Parley.Accounts;
using Parley.Conversations;
using Parley.DirectMessages;
using Parley.Infrastructure;
using Parley.Infrastructure.Data;
using Parley.Realtime;

namespace Parley.Messages;

/// <summary>What people do with messages, for the hub and HTTP alike: check, then persist, then publish.</summary>
public sealed class MessageActions(ConversationAccess access, MembershipCache memberships, Blocks blocks, MessageWriter writer, IEventBus bus, ParleyDb db)
{
    /// <summary>
    /// Checks and stores a message. <paramref name="turn"/> orders it among its connection's other sends: it is queued
    /// for storage only after the one before it, and the turn is released as soon as it is queued (or refused).
    /// </summary>
    public async Task<Result<MessageDto>> SendAsync(long userId, SendMessageRequest? request, SendTurn turn, CancellationToken cancellationToken = default)
    {
        if (request is null)
        {
            return ApiError.BadRequest("invalid_request", "SendMessage takes one object argument: { roomId, text, clientMessageId? }.");
        }

        var errors = MessageRules.Check(request.Text, request.ClientMessageId, out var text);
        if (!errors.IsEmpty)
        {
            return ApiError.Validation(errors, errors.Summary());
        }

        var role = await access.RequireMemberAsync(userId, request.RoomId, cancellationToken);
        if (!role.IsSuccess)
        {
            return role.Error!;
        }

        var conversation = await memberships.GetAsync(request.RoomId);
        if (conversation.Kind == ConversationKind.Direct
            && await blocks.CheckCanMessageAsync(userId, [.. conversation.Roles.Keys.Where(id => id != userId)]) is { } blocked)
        {
            return blocked;
        }

        var mentions = Mentions.Parse(text);
        var mentioned = await ResolveMentionsAsync(mentions.Usernames, conversation, cancellationToken);
        // @room notifies everyone: only a room's admins and owner may do that; from anyone else it is just text.
        var mentionsRoom = mentions.MentionsRoom && conversation.Kind == ConversationKind.Room && role.Value >= MemberRole.Admin;
        await turn.Previous;
        var stored = writer.WriteAsync(new NewMessage(request.RoomId, userId, MessageKind.Text, text, request.ClientMessageId, mentioned, mentionsRoom));
        turn.Release();
        return await stored;
    }

    /// <summary>Tells the other members someone is typing. Refused where the person may not send.</summary>
    public async Task<Result<bool>> TypingAsync(UserSummary user, long conversationId)
    {
        var conversation = await memberships.GetAsync(conversationId);
        if (conversation.RoleOf(user.Id) is null)
        {
            return ConversationAccess.RoomNotFound;
        }

        if (conversation.Kind == ConversationKind.Direct
            && await blocks.CheckCanMessageAsync(user.Id, [.. conversation.Roles.Keys.Where(id => id != user.Id)]) is { } blocked)
        {
            return blocked;
        }

        await bus.PublishAsync(new UserTyping(conversationId, user));
        return true;
    }

    /// <summary>Only members can be mentioned: an @name of anyone else stays plain text.</summary>
    private async Task<IReadOnlyList<long>> ResolveMentionsAsync(IReadOnlySet<string> usernames, ConversationMembers conversation, CancellationToken cancellationToken)
    {
        if (usernames.Count == 0)
        {
            return [];
        }

        var normalized = usernames.Select(u => u.ToUpperInvariant()).ToList();
        var memberIds = conversation.Roles.Keys.ToList();
        return await db.Users
            .Where(u => normalized.Contains(u.NormalizedUserName!) && memberIds.Contains(u.Id))
            .Select(u => u.Id)
            .ToListAsync(cancellationToken);
    }
}
