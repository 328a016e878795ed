using Microsoft.EntityFrameworkCore;
using Parley.Access;
using Parley.Events;
using Parley.Infrastructure;
using Parley.Infrastructure.Data;

namespace Parley.Conversations;

/// <summary>
/// A member's own state in a conversation: how far they have read, what they cleared, whether it is muted, pinned to
/// the top of their list or hidden from it.
/// </summary>
public sealed class ConversationActions(ParleyDb db, ConversationQueries queries, IEventBus bus, TimeProvider clock)
{
    /// <summary>
    /// Moves the read position forward to <paramref name="messageId"/> (never back, never past the newest message).
    /// Every device of the reader hears of it; the other members too, if the reader shares read receipts.
    /// </summary>
    public async Task<Result<ConversationStateDto>> MarkReadAsync(ConversationGrant grant, long? messageId)
    {
        if (messageId is not > 0)
        {
            return ApiError.Validation(new ValidationErrors().Add("messageId", "Give the id of the newest message that was shown."));
        }

        var (userId, conversationId) = (grant.UserId, grant.ConversationId);

        var newest = await db.Messages.Where(m => m.ConversationId == conversationId).MaxAsync(m => (long?)m.Id) ?? 0;
        var readUpTo = Math.Min(messageId.Value, newest);
        var moved = await db.Memberships
            .Where(mb => mb.ConversationId == conversationId && mb.UserId == userId && mb.LastReadMessageId < readUpTo)
            .ExecuteUpdateAsync(mb => mb.SetProperty(x => x.LastReadMessageId, readUpTo));

        var state = (await queries.GetStateAsync(grant))!;
        if (moved > 0)
        {
            await bus.PublishAsync(new ConversationStateChanged(userId, state));
            if (await db.Users.Where(u => u.Id == userId).Select(u => u.SendReadReceipts).FirstAsync())
            {
                await bus.PublishAsync(new ReadReceiptUpdated(conversationId, userId, readUpTo));
            }
        }

        return state;
    }

    /// <summary>Hides the history so far from this member only; the others keep theirs. It counts as read.</summary>
    public async Task<Result<ConversationStateDto>> ClearAsync(ConversationGrant grant)
    {
        var (userId, conversationId) = (grant.UserId, grant.ConversationId);
        var newest = await db.Messages.Where(m => m.ConversationId == conversationId).MaxAsync(m => (long?)m.Id) ?? 0;
        await db.Memberships
            .Where(mb => mb.ConversationId == conversationId && mb.UserId == userId)
            .ExecuteUpdateAsync(mb => mb
                .SetProperty(x => x.ClearedBeforeMessageId, newest)
                .SetProperty(x => x.LastReadMessageId, x => x.LastReadMessageId > newest ? x.LastReadMessageId : newest));
        return await PublishStateAsync(grant);
    }

    public async Task<Result<ConversationStateDto>> SetMutedAsync(ConversationGrant grant, bool? muted)
    {
        if (muted is null)
        {
            return ApiError.Validation(new ValidationErrors().Add("muted", "Say whether the conversation is muted: true or false."));
        }

        await db.Memberships
            .Where(mb => mb.ConversationId == grant.ConversationId && mb.UserId == grant.UserId)
            .ExecuteUpdateAsync(mb => mb.SetProperty(x => x.Muted, muted.Value));
        return await PublishStateAsync(grant);
    }

    /// <summary>Pins the conversation to the top of this member's list, on every device; pinning again keeps when it was first pinned.</summary>
    public async Task<Result<ConversationStateDto>> SetPinnedAsync(ConversationGrant grant, bool? pinned)
    {
        if (pinned is null)
        {
            return ApiError.Validation(new ValidationErrors().Add("pinned", "Say whether the conversation is pinned: true or false."));
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var mine = db.Memberships.Where(mb => mb.ConversationId == grant.ConversationId && mb.UserId == grant.UserId);
        await (pinned.Value
            ? mine.Where(mb => mb.PinnedAt == null).ExecuteUpdateAsync(mb => mb.SetProperty(x => x.PinnedAt, now))
            : mine.ExecuteUpdateAsync(mb => mb.SetProperty(x => x.PinnedAt, (DateTime?)null)));
        return await PublishStateAsync(grant);
    }

    /// <summary>
    /// Hides the conversation from this member's list until a newer message than today's newest arrives (then it is
    /// back by itself, with no further call). Hiding a pinned conversation unpins it: a pin is a promise to stay in view.
    /// </summary>
    public async Task<Result<ConversationStateDto>> SetHiddenAsync(ConversationGrant grant, bool? hidden)
    {
        if (hidden is null)
        {
            return ApiError.Validation(new ValidationErrors().Add("hidden", "Say whether the conversation is hidden: true or false."));
        }

        var mine = db.Memberships.Where(mb => mb.ConversationId == grant.ConversationId && mb.UserId == grant.UserId);
        if (hidden.Value)
        {
            var newest = await db.Messages.Where(m => m.ConversationId == grant.ConversationId).MaxAsync(m => (long?)m.Id) ?? 0;
            await mine.ExecuteUpdateAsync(mb => mb
                .SetProperty(x => x.HiddenUpToMessageId, newest)
                .SetProperty(x => x.PinnedAt, (DateTime?)null));
        }
        else
        {
            await mine.ExecuteUpdateAsync(mb => mb.SetProperty(x => x.HiddenUpToMessageId, (long?)null));
        }

        return await PublishStateAsync(grant);
    }

    private async Task<ConversationStateDto> PublishStateAsync(ConversationGrant grant)
    {
        var state = (await queries.GetStateAsync(grant))!;
        await bus.PublishAsync(new ConversationStateChanged(grant.UserId, state));
        return state;
    }
}
