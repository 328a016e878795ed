using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Parley.Accounts;
using Parley.Conversations;
using Parley.Infrastructure.Data;
using Parley.Messages;

namespace Parley.Realtime;

/// <summary>
/// The real-time endpoint at /hubs/chat. Thin on purpose: it joins a connection to its conversations' groups and
/// hands each call to the same actions HTTP uses, which check membership on every call.
/// </summary>
[Authorize]
public sealed class ChatHub(MessageActions messages, ConversationActions conversations, ConnectionRegistry connections, IEventBus bus, ParleyDb db, TimeProvider clock) : Hub<IChatClient>
{
    /// <summary>Typing signals closer together than this are dropped; clients send one every few seconds while typing.</summary>
    private static readonly TimeSpan TypingInterval = TimeSpan.FromSeconds(2);

    public override async Task OnConnectedAsync()
    {
        var userId = Context.User!.GetUserId();

        // Register before reading memberships: a join that commits meanwhile then finds this connection and
        // adds it to the group itself, so no room's events can slip past a new connection.
        var cameOnline = connections.Add(Context);
        var conversationIds = await db.Memberships.Where(m => m.UserId == userId).Select(m => m.ConversationId).ToListAsync(Context.ConnectionAborted);
        foreach (var conversationId in conversationIds)
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, ConversationGroups.For(conversationId));
        }

        if (cameOnline)
        {
            await bus.PublishAsync(new PresenceChanged(userId, Online: true, LastSeenAt: null));
        }
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        if (connections.Remove(Context))
        {
            var userId = Context.User!.GetUserId();
            var now = clock.GetUtcNow().UtcDateTime;
            await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(u => u.SetProperty(x => x.LastSeenAt, now));
            await bus.PublishAsync(new PresenceChanged(userId, Online: false, LastSeenAt: now));
        }
    }

    /// <summary>Validates, stores, then broadcasts; returns the stored message. A repeated clientMessageId returns the first copy.</summary>
    public async Task<MessageDto> SendMessage(SendMessageRequest request)
    {
        var result = await messages.SendAsync(Context.User!.GetUserId(), request, Context.ConnectionAborted);
        return result.IsSuccess ? result.Value! : throw result.Error!.ToHubException();
    }

    /// <summary>Marks the conversation read up to a message; the same as POST /api/conversations/{id}/read.</summary>
    public async Task<ConversationStateDto> MarkRead(MarkReadHubRequest request)
    {
        if (request is null)
        {
            throw new HubException("MarkRead takes one object argument: { conversationId, messageId }.");
        }

        var result = await conversations.MarkReadAsync(Context.User!.GetUserId(), request.ConversationId, request.MessageId);
        return result.IsSuccess ? result.Value! : throw result.Error!.ToHubException();
    }

    public async Task Typing(TypingRequest request)
    {
        if (request is null)
        {
            throw new HubException("Typing takes one object argument: { roomId }.");
        }

        var key = $"typing:{request.RoomId}";
        var now = clock.GetUtcNow();
        if (Context.Items.TryGetValue(key, out var last) && last is DateTimeOffset lastSent && now - lastSent < TypingInterval)
        {
            return;
        }

        Context.Items[key] = now;
        var result = await messages.TypingAsync(Context.User!.GetUserSummary(), request.RoomId);
        if (!result.IsSuccess)
        {
            throw result.Error!.ToHubException();
        }
    }
}
