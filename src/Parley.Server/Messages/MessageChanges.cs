using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Parley.Access;
using Parley.Events;
using Parley.Files;
using Parley.Infrastructure;
using Parley.Infrastructure.Data;

namespace Parley.Messages;

/// <summary>
/// What people do to a message after it was sent: edit, delete, react, pin. Each follows the send path's shape: given
/// what <see cref="ConversationAccess"/> granted, check, then persist in one transaction that takes the
/// conversation's next change sequence and stamps it on the message, then publish the message's full new state.
/// A change that changes nothing (a second identical reaction, a pin of a pinned message) stores and publishes nothing.
/// </summary>
public sealed class MessageChanges(ParleyDb db, MembershipCache memberships, IEventBus bus, TimeProvider clock, IOptions<ParleyOptions> options, FileRemoval files)
{
    public const int MaxPinsPerConversation = 50;

    public static readonly ApiError MessageNotFound = ApiError.NotFound("message_not_found", "This message does not exist in the conversation, or was cleared from your view.");

    public static readonly ApiError NotYourMessage = ApiError.Forbidden("not_your_message", "Only its author can do this to a message.");

    public static readonly ApiError MessageDeleted = ApiError.Conflict("message_deleted", "This message was deleted.");

    public static readonly ApiError NoticeNotEditable = ApiError.Forbidden("notice_not_editable", "Notices Parley writes cannot be edited.");

    public static readonly ApiError NoticeNotDeletable = ApiError.Forbidden("notice_not_deletable", "Notices Parley writes cannot be deleted.");

    public static readonly ApiError TooManyReactions = ApiError.Conflict("too_many_reactions",
        $"A message has at most {ReactionRules.MaxDistinctPerMessage} different reactions. React with one it has already.");

    public static readonly ApiError TooManyPins = ApiError.Conflict("too_many_pins",
        $"A conversation has at most {MaxPinsPerConversation} pinned messages. Unpin one first.");

    public static readonly ApiError PinsForAdmins = ApiError.Forbidden("insufficient_role", "Only the room's owner and admins can pin and unpin messages.");

    /// <summary>
    /// The author changes the text; mentions are found again in the new text, search finds only the new text. A
    /// message with files may lose its text altogether, as it could be sent without one.
    /// </summary>
    public async Task<Result<MessageDto>> EditAsync(ConversationGrant grant, long messageId, EditMessageRequest request, CancellationToken cancellationToken)
    {
        var hasFiles = string.IsNullOrWhiteSpace(request.Text) && await db.Files.AnyAsync(f => f.MessageId == messageId && f.ConversationId == grant.ConversationId, cancellationToken);
        var errors = MessageRules.Check(request.Text, clientMessageId: null, out var text, hasAttachments: hasFiles);
        if (!errors.IsEmpty)
        {
            return ApiError.Validation(errors, errors.Summary());
        }

        var mentions = Mentions.Parse(text);
        var mentioned = await MessageActions.ResolveMentionsAsync(db, mentions.Usernames, await memberships.GetAsync(grant.ConversationId), cancellationToken);
        var mentionsRoom = mentions.MentionsRoom && grant.Kind == ConversationKind.Room && grant.Role >= MemberRole.Admin;
        var window = options.Value.Messages.EditWindowMinutes;
        var now = clock.GetUtcNow().UtcDateTime;

        return await ChangeAsync(grant, messageId, async message =>
        {
            if (message.Kind == MessageKind.System)
            {
                return NoticeNotEditable;
            }

            if (message.AuthorId != grant.UserId)
            {
                return NotYourMessage;
            }

            if (message.DeletedAt is not null)
            {
                return MessageDeleted;
            }

            if (window is { } minutes && now - message.CreatedAt > TimeSpan.FromMinutes(minutes))
            {
                return ApiError.Forbidden("edit_window_passed", $"Messages can be edited for {minutes} minute{(minutes == 1 ? "" : "s")} after they are sent.");
            }

            if (message.Text == text)
            {
                return false;
            }

            // UPDATE OF Text: the search triggers take the old text out of the index and put the new one in.
            await db.Messages.Where(m => m.Id == messageId).ExecuteUpdateAsync(m => m
                .SetProperty(x => x.Text, text)
                .SetProperty(x => x.EditedAt, now)
                .SetProperty(x => x.MentionsRoom, mentionsRoom), cancellationToken);
            await db.Mentions.Where(x => x.MessageId == messageId).ExecuteDeleteAsync(cancellationToken);
            db.Mentions.AddRange(mentioned.Select(userId => new MessageMention { MessageId = messageId, UserId = userId }));
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }, e => new MessageEdited(e), cancellationToken);
    }

    /// <summary>
    /// Deletes a message for everyone, leaving a tombstone: no text (so no longer in search), mentions, reactions,
    /// pin or files (their stored bytes are deleted once the tombstone is committed). Its author may; in a room its
    /// admins and owner may too. Deleting it again changes nothing.
    /// </summary>
    public async Task<Result<bool>> DeleteAsync(ConversationGrant grant, long messageId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        IReadOnlyList<string> storedFiles = [];
        var deleted = await ChangeAsync(grant, messageId, async message =>
        {
            if (message.Kind == MessageKind.System)
            {
                return NoticeNotDeletable;
            }

            var moderator = grant.Kind == ConversationKind.Room && grant.Role >= MemberRole.Admin;
            if (message.AuthorId != grant.UserId && !moderator)
            {
                return NotYourMessage;
            }

            if (message.DeletedAt is not null)
            {
                return false;
            }

            storedFiles = await TombstoneAsync(messageId, grant.UserId, now, cancellationToken);
            return true;
        }, e => new MessageDeleted(e), cancellationToken);
        if (!deleted.IsSuccess)
        {
            return deleted.Error!;
        }

        // After the commit: bytes deleted for a delete that then failed would leave a message pointing at nothing.
        await files.DeleteBlobsAsync(storedFiles);
        return true;
    }

    /// <summary>
    /// Deletes a reported message for everyone, as <see cref="DeleteAsync"/> does, on behalf of whoever may handle the
    /// report: the room's owner or admins, or a server administrator who need not be in the conversation. Only the
    /// reported message: a report is an administrator's one way to act on a conversation they are not in.
    /// </summary>
    public async Task<Result<bool>> DeleteReportedAsync(ReportGrant report, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        IReadOnlyList<string> storedFiles = [];
        var all = db.Messages.Where(m => m.ConversationId == report.ConversationId);
        var deleted = await ChangeAsync(report.ConversationId, () => Task.FromResult(all), report.MessageId, async message =>
        {
            if (message.DeletedAt is not null)
            {
                return false;
            }

            storedFiles = await TombstoneAsync(report.MessageId, report.UserId, now, cancellationToken);
            return true;
        }, e => new MessageDeleted(e), cancellationToken);
        if (!deleted.IsSuccess)
        {
            return deleted.Error!;
        }

        await files.DeleteBlobsAsync(storedFiles);
        return true;
    }

    /// <summary>Adds the caller's reaction; adding it again changes nothing.</summary>
    public async Task<Result<MessageDto>> ReactAsync(ConversationGrant grant, long messageId, string emoji, CancellationToken cancellationToken)
    {
        var errors = ReactionRules.Check(emoji);
        if (!errors.IsEmpty)
        {
            return ApiError.Validation(errors, errors.Summary());
        }

        var now = clock.GetUtcNow().UtcDateTime;
        return await ChangeAsync(grant, messageId, async message =>
        {
            if (message.DeletedAt is not null)
            {
                return MessageDeleted;
            }

            var reactions = db.Reactions.Where(r => r.MessageId == messageId);
            if (await reactions.AnyAsync(r => r.UserId == grant.UserId && r.Emoji == emoji, cancellationToken))
            {
                return false;
            }

            if (!await reactions.AnyAsync(r => r.Emoji == emoji, cancellationToken)
                && await reactions.Select(r => r.Emoji).Distinct().CountAsync(cancellationToken) >= ReactionRules.MaxDistinctPerMessage)
            {
                return TooManyReactions;
            }

            db.Reactions.Add(new MessageReaction { MessageId = messageId, UserId = grant.UserId, Emoji = emoji, CreatedAt = now });
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }, e => new ReactionsChanged(e), cancellationToken);
    }

    /// <summary>Takes back the caller's own reaction; taking back one that is not there changes nothing.</summary>
    public async Task<Result<MessageDto>> UnreactAsync(ConversationGrant grant, long messageId, string emoji, CancellationToken cancellationToken)
    {
        var errors = ReactionRules.Check(emoji);
        if (!errors.IsEmpty)
        {
            return ApiError.Validation(errors, errors.Summary());
        }

        return await ChangeAsync(grant, messageId, async _ =>
            await db.Reactions.Where(r => r.MessageId == messageId && r.UserId == grant.UserId && r.Emoji == emoji).ExecuteDeleteAsync(cancellationToken) > 0,
            e => new ReactionsChanged(e), cancellationToken);
    }

    /// <summary>Pins a message to the conversation: in a room its owner and admins may, in a direct conversation anyone in it.</summary>
    public async Task<Result<MessageDto>> PinAsync(ConversationGrant grant, long messageId, CancellationToken cancellationToken)
    {
        if (!MayPin(grant))
        {
            return PinsForAdmins;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        return await ChangeAsync(grant, messageId, async message =>
        {
            if (message.DeletedAt is not null)
            {
                return MessageDeleted;
            }

            if (message.PinnedAt is not null)
            {
                return false;
            }

            if (await db.Messages.CountAsync(m => m.ConversationId == grant.ConversationId && m.PinnedAt != null, cancellationToken) >= MaxPinsPerConversation)
            {
                return TooManyPins;
            }

            await db.Messages.Where(m => m.Id == messageId).ExecuteUpdateAsync(m => m
                .SetProperty(x => x.PinnedAt, now)
                .SetProperty(x => x.PinnedById, grant.UserId), cancellationToken);
            return true;
        }, e => new PinsChanged(e), cancellationToken);
    }

    /// <summary>Unpins a message (the same people who may pin); unpinning one that is not pinned changes nothing.</summary>
    public async Task<Result<bool>> UnpinAsync(ConversationGrant grant, long messageId, CancellationToken cancellationToken)
    {
        if (!MayPin(grant))
        {
            return PinsForAdmins;
        }

        var unpinned = await ChangeAsync(grant, messageId, async message =>
        {
            if (message.PinnedAt is null)
            {
                return false;
            }

            await db.Messages.Where(m => m.Id == messageId).ExecuteUpdateAsync(m => m
                .SetProperty(x => x.PinnedAt, (DateTime?)null)
                .SetProperty(x => x.PinnedById, (long?)null), cancellationToken);
            return true;
        }, e => new PinsChanged(e), cancellationToken);
        return unpinned.IsSuccess ? true : unpinned.Error!;
    }

    /// <summary>Leaves the message's tombstone; returns the keys of its files' bytes, to delete after the commit.</summary>
    private async Task<IReadOnlyList<string>> TombstoneAsync(long messageId, long deletedById, DateTime now, CancellationToken cancellationToken)
    {
        // The empty text goes through the same UPDATE OF Text trigger as an edit: the old words leave the index.
        await db.Messages.Where(m => m.Id == messageId).ExecuteUpdateAsync(m => m
            .SetProperty(x => x.Text, "")
            .SetProperty(x => x.DeletedAt, now)
            .SetProperty(x => x.DeletedById, deletedById)
            .SetProperty(x => x.MentionsRoom, false)
            .SetProperty(x => x.PinnedAt, (DateTime?)null)
            .SetProperty(x => x.PinnedById, (long?)null), cancellationToken);
        await db.Mentions.Where(x => x.MessageId == messageId).ExecuteDeleteAsync(cancellationToken);
        await db.Reactions.Where(r => r.MessageId == messageId).ExecuteDeleteAsync(cancellationToken);
        return await FileRemoval.DeleteRowsOfMessageAsync(db, messageId, cancellationToken);
    }

    private static bool MayPin(ConversationGrant grant) => grant.Kind == ConversationKind.Direct || grant.Role >= MemberRole.Admin;

    /// <summary>
    /// The one path of every change: in one write transaction, find the message as the caller sees it, let
    /// <paramref name="change"/> check and apply (true: it changed; false: nothing to do; an error: refused), then
    /// take the conversation's next change sequence and stamp it on the message. After the commit, the message's
    /// new state is read and published; a change that changed nothing publishes nothing.
    /// </summary>
    private Task<Result<MessageDto>> ChangeAsync(
        ConversationGrant grant, long messageId, Func<ChangeTarget, Task<Result<bool>>> change, Func<MessageDto, ChatEvent> announce, CancellationToken cancellationToken) =>
        ChangeAsync(grant.ConversationId, () => MessageQueries.VisibleToAsync(db, grant, 0, cancellationToken), messageId, change, announce, cancellationToken);

    /// <summary>The same, for <paramref name="visible"/>: the conversation's messages as whoever acts may see them (asked inside the transaction).</summary>
    private async Task<Result<MessageDto>> ChangeAsync(
        long conversationId, Func<Task<IQueryable<Message>>> visible, long messageId, Func<ChangeTarget, Task<Result<bool>>> change, Func<MessageDto, ChatEvent> announce, CancellationToken cancellationToken)
    {
        bool changed;
        // The checks below (the pin and reaction limits among them) must still hold at commit.
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await db.LockConversationAsync(conversationId, cancellationToken);
            var target = await (await visible())
                .Where(m => m.Id == messageId)
                .Select(m => new ChangeTarget(m.AuthorId, m.Kind, m.Text, m.CreatedAt, m.DeletedAt, m.PinnedAt))
                .FirstOrDefaultAsync(cancellationToken);
            if (target is null)
            {
                return MessageNotFound;
            }

            var outcome = await change(target);
            db.ChangeTracker.Clear();
            if (!outcome.IsSuccess)
            {
                return outcome.Error!;
            }

            changed = outcome.Value;
            if (changed)
            {
                var conversation = db.Conversations.Where(c => c.Id == conversationId);
                await conversation.ExecuteUpdateAsync(c => c.SetProperty(x => x.LastChangeSeq, x => x.LastChangeSeq + 1), cancellationToken);
                var changeSeq = await conversation.Select(c => c.LastChangeSeq).FirstAsync(cancellationToken);
                await db.Messages.Where(m => m.Id == messageId).ExecuteUpdateAsync(m => m.SetProperty(x => x.ChangeSeq, changeSeq), cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
        }

        // Read after the commit, so it may already include a later change: its ChangeSeq says which state it is.
        // Null only when the whole conversation was deleted meanwhile: then there is nobody left to tell.
        if (await db.Messages.Where(m => m.Id == messageId).Select(MessageQueries.AsDto).FirstOrDefaultAsync(CancellationToken.None) is not { } message)
        {
            return MessageNotFound;
        }

        if (changed)
        {
            await bus.PublishAsync(announce(message), CancellationToken.None);
        }

        return message;
    }

    private sealed record ChangeTarget(long AuthorId, MessageKind Kind, string Text, DateTime CreatedAt, DateTime? DeletedAt, DateTime? PinnedAt);
}
