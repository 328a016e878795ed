using Parley.Events;

namespace Parley.Realtime;

/// <summary>
/// Delivers events to this node's connections through the <see cref="ConnectionRegistry"/>: a conversation's
/// events reach only its members. Who receives a conversation follows the membership events: joiners start
/// before the join is announced, leavers stop after their own notice.
/// </summary>
internal sealed class HubDelivery(ConnectionRegistry connections, ReadReceiptSharing receipts) : IEventSubscriber
{
    public async Task HandleAsync(ChatEvent chatEvent, CancellationToken cancellationToken)
    {
        switch (chatEvent)
        {
            case MessageCreated e:
                await connections.Conversation(e.Message.RoomId).messageReceived(e.Message);
                Infrastructure.Observability.ParleyMetrics.MessageDelivered(e.Message.CreatedAt);
                break;

            case MessageEdited e:
                await connections.Conversation(e.Message.RoomId).messageEdited(e.Message);
                break;

            case MessageDeleted e:
                await connections.Conversation(e.Message.RoomId).messageDeleted(e.Message);
                break;

            case ReactionsChanged e:
                await connections.Conversation(e.Message.RoomId).reactionsChanged(e.Message);
                break;

            case PinsChanged e:
                await connections.Conversation(e.Message.RoomId).pinsChanged(e.Message);
                break;

            case UserTyping e:
                await connections.Conversation(e.ConversationId).typing(new TypingEvent(e.ConversationId, e.User));
                break;

            case MemberJoined e:
                connections.Join(e.Member.User.Id, e.ConversationId);
                await connections.Conversation(e.ConversationId).memberJoined(new MemberJoinedEvent(e.ConversationId, e.Member, e.MemberCount));
                break;

            case MemberLeft e:
                // Sent to the conversation (the leaver's own tabs included), then the leaver stops receiving it.
                await connections.Conversation(e.ConversationId).memberLeft(new MemberLeftEvent(e.ConversationId, e.User, e.Reason, e.MemberCount));
                connections.Leave(e.User.Id, e.ConversationId);
                break;

            case MemberUpdated e:
                await connections.Conversation(e.ConversationId).memberUpdated(new MemberUpdatedEvent(e.ConversationId, e.Member));
                break;

            case RoomUpdated e:
                await connections.Conversation(e.Room.RoomId).roomUpdated(e.Room);
                break;

            case RoomDeleted e:
                await connections.Conversation(e.ConversationId).roomDeleted(new RoomDeletedEvent(e.ConversationId));
                connections.Forget(e.ConversationId);
                break;

            case ConversationStarted e:
                foreach (var participant in e.ParticipantIds)
                {
                    connections.Join(participant, e.ConversationId);
                }

                break;

            case ConversationStateChanged e:
                await connections.User(e.UserId).conversationStateChanged(e.State);
                break;

            case ReadReceiptUpdated e:
                // Receipts are mutual: members who keep their own reading private hear of nobody else's.
                await receipts.EnsureLoadedAsync(cancellationToken);
                await connections.Conversation(e.ConversationId, receipts.Shares).readReceipt(new ReadReceiptEvent(e.ConversationId, e.UserId, e.LastReadMessageId));
                break;

            case SettingsChanged e:
                await connections.User(e.UserId).settingsChanged(e.Settings);
                break;

            case UserUpdated e:
                await connections.UserAndCoMembers(e.Profile.User.Id, e.ConversationIds).userUpdated(e.Profile);
                break;

            case ReportFiled e:
                await ToReportHandlersAsync(e.Report, e.Recipients, (client, report) => client.reportFiled(report));
                break;

            case ReportClosed e:
                await ToReportHandlersAsync(e.Report, e.Recipients, (client, report) => client.reportClosed(report));
                break;

            case SessionRevoked e:
                connections.AbortSession(e.SessionId);
                break;

            case CatchUpRequested:
                await connections.All().resync(new ResyncEvent());
                break;
        }
    }

    /// <summary>Each handler once, whether they moderate the room, administer the server or both; room moderators may also ban.</summary>
    private async Task ToReportHandlersAsync(ReportDto report, ReportRecipients recipients, Func<IChatClient, ReportDto, Task> send)
    {
        var asModerator = report with { CanModerateRoom = true };
        var asAdministrator = report with { CanModerateRoom = false };
        foreach (var userId in recipients.RoomModeratorIds)
        {
            await send(connections.User(userId), asModerator);
        }

        foreach (var userId in recipients.AdministratorIds.Except(recipients.RoomModeratorIds))
        {
            await send(connections.User(userId), asAdministrator);
        }
    }
}
