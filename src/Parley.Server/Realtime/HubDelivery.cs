using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Parley.Infrastructure.Data;

namespace Parley.Realtime;

/// <summary>
/// Delivers events to this node's connections: one SignalR group per conversation, so only members receive a
/// conversation's events. Group membership follows the membership events: joiners are added before the join is
/// announced, leavers removed after their own notice.
/// </summary>
internal sealed class HubDelivery(IHubContext<ChatHub, IChatClient> hub, ConnectionRegistry connections, IServiceScopeFactory scopes) : IEventSubscriber
{
    public async Task HandleAsync(ChatEvent chatEvent, CancellationToken cancellationToken)
    {
        switch (chatEvent)
        {
            case MessageCreated e:
                await hub.Clients.Group(ConversationGroups.For(e.Message.RoomId)).messageReceived(e.Message);
                break;

            case UserTyping e:
                await hub.Clients.Group(ConversationGroups.For(e.ConversationId)).typing(new TypingEvent(e.ConversationId, e.User));
                break;

            case MemberJoined e:
                await AddToGroupAsync(e.Member.User.Id, e.ConversationId, cancellationToken);
                await hub.Clients.Group(ConversationGroups.For(e.ConversationId)).memberJoined(new MemberJoinedEvent(e.ConversationId, e.Member, e.MemberCount));
                break;

            case MemberLeft e:
                // Sent to the group (the leaver's own tabs included), then the leaver stops receiving the room.
                await hub.Clients.Group(ConversationGroups.For(e.ConversationId)).memberLeft(new MemberLeftEvent(e.ConversationId, e.User, e.Reason, e.MemberCount));
                await RemoveFromGroupAsync(e.User.Id, e.ConversationId, cancellationToken);
                break;

            case MemberUpdated e:
                await hub.Clients.Group(ConversationGroups.For(e.ConversationId)).memberUpdated(new MemberUpdatedEvent(e.ConversationId, e.Member));
                break;

            case RoomUpdated e:
                await hub.Clients.Group(ConversationGroups.For(e.Room.RoomId)).roomUpdated(e.Room);
                break;

            case RoomDeleted e:
                await hub.Clients.Group(ConversationGroups.For(e.ConversationId)).roomDeleted(new RoomDeletedEvent(e.ConversationId));
                foreach (var memberId in e.MemberIds)
                {
                    await RemoveFromGroupAsync(memberId, e.ConversationId, cancellationToken);
                }

                break;

            case ConversationStarted e:
                foreach (var participant in e.ParticipantIds)
                {
                    await AddToGroupAsync(participant, e.ConversationId, cancellationToken);
                }

                break;

            case ConversationStateChanged e:
                await hub.Clients.User(UserKey(e.UserId)).conversationStateChanged(e.State);
                break;

            case ReadReceiptUpdated e:
                await hub.Clients.Group(ConversationGroups.For(e.ConversationId)).readReceipt(new ReadReceiptEvent(e.ConversationId, e.UserId, e.LastReadMessageId));
                break;

            case SettingsChanged e:
                await hub.Clients.User(UserKey(e.UserId)).settingsChanged(e.Settings);
                break;

            case PresenceChanged e:
                await DeliverPresenceAsync(e, cancellationToken);
                break;

            case SessionRevoked e:
                foreach (var connection in connections.ConnectionsOfSession(e.SessionId))
                {
                    connection.Abort();
                }

                break;
        }
    }

    private async Task AddToGroupAsync(long userId, long conversationId, CancellationToken cancellationToken)
    {
        foreach (var connectionId in connections.ConnectionIdsOf(userId))
        {
            await hub.Groups.AddToGroupAsync(connectionId, ConversationGroups.For(conversationId), cancellationToken);
        }
    }

    private async Task RemoveFromGroupAsync(long userId, long conversationId, CancellationToken cancellationToken)
    {
        foreach (var connectionId in connections.ConnectionIdsOf(userId))
        {
            await hub.Groups.RemoveFromGroupAsync(connectionId, ConversationGroups.For(conversationId), cancellationToken);
        }
    }

    /// <summary>Each person who shares a conversation with the user hears it once, however many rooms they share.</summary>
    private async Task DeliverPresenceAsync(PresenceChanged e, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();
        var audience = await db.Memberships
            .Where(m => db.Memberships.Any(mine => mine.UserId == e.UserId && mine.ConversationId == m.ConversationId))
            .Select(m => m.UserId)
            .Distinct()
            .ToListAsync(cancellationToken);
        await hub.Clients.Users([.. audience.Select(UserKey)]).presenceChanged(new PresenceEvent(e.UserId, e.Online, e.LastSeenAt));
    }

    /// <summary>SignalR addresses users by the name-identifier claim: the user id as text.</summary>
    private static string UserKey(long userId) => userId.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
