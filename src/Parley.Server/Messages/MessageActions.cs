using Parley.Conversations;
using Parley.Infrastructure;
using Parley.Realtime;

namespace Parley.Messages;

/// <summary>What people do with messages, for the hub and HTTP alike: check, then persist, then publish.</summary>
public sealed class MessageActions(ConversationAccess access, MessageWriter writer, IEventBus bus, MembershipCache memberships)
{
    public async Task<Result<MessageDto>> SendAsync(long userId, SendMessageRequest? request, CancellationToken cancellationToken = default)
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

        return await writer.WriteAsync(new NewMessage(request.RoomId, userId, MessageKind.Text, text, request.ClientMessageId));
    }

    /// <summary>Tells the other members someone is typing. Silently nothing for non-members: typing is best-effort.</summary>
    public async Task<Result<bool>> TypingAsync(Accounts.UserSummary user, long conversationId)
    {
        if (await memberships.GetRoleAsync(conversationId, user.Id) is null)
        {
            return ConversationAccess.RoomNotFound;
        }

        await bus.PublishAsync(new UserTyping(conversationId, user));
        return true;
    }
}
