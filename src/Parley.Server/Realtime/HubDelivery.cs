namespace Parley.Realtime;

/// <summary>
/// Delivers events to this node's connections through the <see cref="ConnectionRegistry"/>: a conversation's
/// events reach only its members. Who receives a conversation follows the membership events: joiners start
/// before the join is announced, leavers stop after their own notice.
/// </summary>
internal sealed class HubDelivery(ConnectionRegistry connections) : IEventSubscriber
{
    public Task HandleAsync(ChatEvent chatEvent, CancellationToken cancellationToken)
    {
        switch (chatEvent)
        {
            case MessageCreated e:
                connections.SendToConversation(e.Message.RoomId, nameof(IChatClient.messageReceived), e.Message);
                break;

            case UserTyping e:
                connections.SendToConversation(e.ConversationId, nameof(IChatClient.typing), new TypingEvent(e.ConversationId, e.User));
                break;

            case MemberJoined e:
                connections.Join(e.Member.User.Id, e.ConversationId);
                connections.SendToConversation(e.ConversationId, nameof(IChatClient.memberJoined), new MemberJoinedEvent(e.ConversationId, e.Member, e.MemberCount));
                break;

            case MemberLeft e:
                // Sent to the conversation (the leaver's own tabs included), then the leaver stops receiving it.
                connections.SendToConversation(e.ConversationId, nameof(IChatClient.memberLeft), new MemberLeftEvent(e.ConversationId, e.User, e.Reason, e.MemberCount));
                connections.Leave(e.User.Id, e.ConversationId);
                break;

            case MemberUpdated e:
                connections.SendToConversation(e.ConversationId, nameof(IChatClient.memberUpdated), new MemberUpdatedEvent(e.ConversationId, e.Member));
                break;

            case RoomUpdated e:
                connections.SendToConversation(e.Room.RoomId, nameof(IChatClient.roomUpdated), e.Room);
                break;

            case RoomDeleted e:
                connections.SendToConversation(e.ConversationId, nameof(IChatClient.roomDeleted), new RoomDeletedEvent(e.ConversationId));
                connections.Forget(e.ConversationId);
                break;

            case ConversationStarted e:
                foreach (var participant in e.ParticipantIds)
                {
                    connections.Join(participant, e.ConversationId);
                }

                break;

            case ConversationStateChanged e:
                connections.SendToUser(e.UserId, nameof(IChatClient.conversationStateChanged), e.State);
                break;

            case ReadReceiptUpdated e:
                connections.SendToConversation(e.ConversationId, nameof(IChatClient.readReceipt), new ReadReceiptEvent(e.ConversationId, e.UserId, e.LastReadMessageId));
                break;

            case SettingsChanged e:
                connections.SendToUser(e.UserId, nameof(IChatClient.settingsChanged), e.Settings);
                break;

            case SessionRevoked e:
                connections.AbortSession(e.SessionId);
                break;
        }

        return Task.CompletedTask;
    }
}
