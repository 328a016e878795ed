using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Parley.Access;
using Parley.Accounts;
using Parley.Conversations;
using Parley.Events;
using Parley.Infrastructure;
using Parley.Infrastructure.Data;
using Parley.Messages;

namespace Parley.Realtime;

/// <summary>
/// The real-time endpoint at /hubs/chat. Thin on purpose: it tells the connection registry which conversations a
/// connection follows, and hands each call to the access helper and then the same actions HTTP uses. Refusals reach
/// the caller as a HubException whose message starts with the stable code ("[not_a_member] …", docs/events.md).
/// </summary>
[Authorize]
public sealed class ChatHub(
    ConversationAccess access,
    MessageActions messages,
    ConversationActions conversations,
    ConnectionRegistry connections,
    IEventBus bus,
    ParleyDb db,
    IOptions<ParleyOptions> options,
    TimeProvider clock,
    UserDirectory users,
    NodeIdentity node) : Hub<IChatClient>
{
    private const string SendOrderKey = "send-order";

    public override async Task OnConnectedAsync()
    {
        var userId = Context.User!.GetUserId();
        Context.Items[SendOrderKey] = new SendOrder();

        // The registry already knows the connection (the lifetime manager attached it before this runs), so a
        // join that commits while the memberships load reaches it too: no conversation's events slip past.
        var conversationIds = await db.Memberships.Where(m => m.UserId == userId).Select(m => m.ConversationId).ToListAsync(Context.ConnectionAborted);
        var limit = options.Value.RateLimits.HubConnectionsPerUser;
        var activation = connections.Activate(Context.ConnectionId, conversationIds, limit, out var version);
        if (activation == Activation.TooMany)
        {
            // Thrown from here, SignalR closes the connection with this message and tells the client not to reconnect.
            throw new ApiError(StatusCodes.Status429TooManyRequests, "too_many_connections",
                $"This account already has {limit} live connection{(limit == 1 ? "" : "s")} (tabs, devices, bots): as many as one account may. Close one and try again.").ToHubException();
        }

        // The handshake completed before this ran, so a client cannot tell from it when events start to flow.
        await Clients.Caller.ready(new ReadyEvent(userId, Context.ConnectionId));
        if (activation == Activation.CameOnline)
        {
            await bus.PublishAsync(new PresenceChanged(userId, Online: true, LastSeenAt: null, version, node.Id));
        }
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        if (connections.Remove(Context.ConnectionId, out var version))
        {
            var userId = Context.User!.GetUserId();
            var now = clock.GetUtcNow().UtcDateTime;
            await bus.PublishAsync(new PresenceChanged(userId, Online: false, LastSeenAt: now, version, node.Id));
            await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(u => u.SetProperty(x => x.LastSeenAt, now));
        }
    }

    /// <summary>Validates, stores, then broadcasts; returns the stored message. A repeated clientMessageId returns the first copy.</summary>
    public async Task<MessageDto> SendMessage(SendMessageRequest request)
    {
        // Taken before the first await, so in the order the calls arrived; released on every path.
        using var turn = ((SendOrder)Context.Items[SendOrderKey]!).Next();
        var userId = Context.User!.GetUserId();
        var result = await access.ConversationToWriteAsync(userId, Required(request, "SendMessage", "{ roomId, text, clientMessageId?, replyToId?, attachmentIds?, gifId? }").RoomId)
            .ThenAsync(grant => messages.SendAsync(grant, request, turn, Context.ConnectionAborted));
        return result.IsSuccess ? result.Value! : throw result.Error!.ToHubException();
    }

    /// <summary>Marks the conversation read up to a message; the same as POST /api/conversations/{id}/read.</summary>
    public async Task<ConversationStateDto> MarkRead(MarkReadHubRequest request)
    {
        var result = await access.ConversationAsync(Context.User!.GetUserId(), Required(request, "MarkRead", "{ conversationId, messageId }").ConversationId)
            .ThenAsync(grant => conversations.MarkReadAsync(grant, request.MessageId));
        return result.IsSuccess ? result.Value! : throw result.Error!.ToHubException();
    }

    /// <summary>Tells the conversation's other members that the caller is typing (where the caller may write).</summary>
    public async Task Typing(TypingRequest request)
    {
        // From the directory, not the sign-in claims: those keep the name the user had when they signed in.
        var userId = Context.User!.GetUserId();
        var user = (await users.GetAsync([userId]))[userId];
        var result = await access.ConversationToWriteAsync(user.Id, Required(request, "Typing", "{ roomId }").RoomId)
            .ThenAsync(grant => messages.TypingAsync(grant, user));
        if (!result.IsSuccess)
        {
            throw result.Error!.ToHubException();
        }
    }

    private static T Required<T>(T? request, string method, string shape) where T : class =>
        request ?? throw ApiError.BadRequest("invalid_request", $"{method} takes one object argument: {shape}.").ToHubException();
}
