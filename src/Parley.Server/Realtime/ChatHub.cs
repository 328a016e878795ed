using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Parley.Accounts;
using Parley.Conversations;
using Parley.Infrastructure.Data;
using Parley.Messages;

namespace Parley.Realtime;

/// <summary>
/// The real-time endpoint at /hubs/chat. Thin on purpose: it tells the connection registry which conversations a
/// connection follows and hands each call to the same actions HTTP uses, which check membership on every call.
/// </summary>
[Authorize]
public sealed class ChatHub(MessageActions messages, ConversationActions conversations, ConnectionRegistry connections, IEventBus bus, ParleyDb db, TimeProvider clock) : Hub<IChatClient>
{
    /// <summary>Typing signals closer together than this are dropped; clients send one every few seconds while typing.</summary>
    private static readonly TimeSpan TypingInterval = TimeSpan.FromSeconds(2);

    private const string SendOrderKey = "send-order";

    public override async Task OnConnectedAsync()
    {
        var userId = Context.User!.GetUserId();
        Context.Items[SendOrderKey] = new SendOrder();

        // The registry already knows the connection (the lifetime manager attached it before this runs), so a
        // join that commits while the memberships load reaches it too: no conversation's events slip past.
        var conversationIds = await db.Memberships.Where(m => m.UserId == userId).Select(m => m.ConversationId).ToListAsync(Context.ConnectionAborted);
        var cameOnline = connections.Activate(Context.ConnectionId, conversationIds, out var version);

        // The handshake completed before this ran, so a client cannot tell from it when events start to flow.
        await Clients.Caller.ready(new ReadyEvent(userId, Context.ConnectionId));
        if (cameOnline)
        {
            await bus.PublishAsync(new PresenceChanged(userId, Online: true, LastSeenAt: null, version));
        }
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        if (connections.Remove(Context.ConnectionId, out var version))
        {
            var userId = Context.User!.GetUserId();
            var now = clock.GetUtcNow().UtcDateTime;
            await bus.PublishAsync(new PresenceChanged(userId, Online: false, LastSeenAt: now, version));
            await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(u => u.SetProperty(x => x.LastSeenAt, now));
        }
    }

    /// <summary>Validates, stores, then broadcasts; returns the stored message. A repeated clientMessageId returns the first copy.</summary>
    public async Task<MessageDto> SendMessage(SendMessageRequest request)
    {
        // Taken before the first await, so in the order the calls arrived; released on every path.
        using var turn = ((SendOrder)Context.Items[SendOrderKey]!).Next();
        var result = await messages.SendAsync(Context.User!.GetUserId(), request, turn, Context.ConnectionAborted);
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
