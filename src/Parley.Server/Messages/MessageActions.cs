using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Parley.Access;
using Parley.Events;
using Parley.Gifs;
using Parley.Infrastructure;
using Parley.Infrastructure.Data;

namespace Parley.Messages;

/// <summary>
/// What people do with messages, for the hub and HTTP alike: given what <see cref="ConversationAccess"/> granted,
/// check the input and the sender's allowance, then persist, then publish.
/// </summary>
public sealed class MessageActions(MembershipCache memberships, MessageWriter writer, IEventBus bus, ParleyDb db, UserRateLimiter limits, IGifCatalog gifs, IOptions<ParleyOptions> options)
{
    public static readonly ApiError ClientMessageIdReused = ApiError.Conflict("client_message_id_reused",
        "This clientMessageId was already used for a different message (another conversation or other text). Use a new id for a new message; resend with the same id only the same message.");

    public static readonly ApiError AttachmentsUnavailable = ApiError.Validation(
        new ValidationErrors().Add("attachmentIds", "attachmentIds are your own uploads into this conversation that are not sent yet."),
        "A file to attach is not your unsent upload in this conversation (it was deleted, already sent, or is someone else's). Upload it again.");

    /// <summary>
    /// Checks and stores a message. <paramref name="turn"/> orders it among its connection's other sends: it is queued
    /// for storage only after the one before it, and the turn is released as soon as it is queued (or refused).
    /// </summary>
    public async Task<Result<MessageDto>> SendAsync(ConversationGrant grant, SendMessageRequest request, SendTurn turn, CancellationToken cancellationToken = default)
    {
        var uploads = request.AttachmentIds is { Count: > 0 } ids ? ids : null;
        var errors = MessageRules.Check(request.Text, request.ClientMessageId, out var text, hasAttachments: uploads is not null || request.GifId is not null);
        MessageRules.CheckAttachments(errors, uploads, request.GifId, options.Value.Files.MaxAttachmentsPerMessage);
        if (!errors.IsEmpty)
        {
            return ApiError.Validation(errors, errors.Summary());
        }

        if (await limits.TryTakeAsync(UserLimit.Messages, grant.UserId) is { } tooFast)
        {
            return tooFast;
        }

        NewGif? gif = null;
        if (request.GifId is { } gifId)
        {
            if (gifs.Provider is not { } provider || await gifs.FindAsync(gifId, cancellationToken) is not { } found)
            {
                var unknown = new ValidationErrors().Add("gifId", "gifId is a GIF from the picker; this one is unknown, or GIFs are off.");
                return ApiError.Validation(unknown, unknown.Summary());
            }

            gif = new NewGif(found.Title, found.Url, found.Width, found.Height, found.PreviewUrl, provider);
        }

        ReplyPreviewDto? replyTo = null;
        if (request.ReplyToId is { } replyToId && (replyTo = await ReplyPreviewAsync(grant, replyToId, cancellationToken)) is null)
        {
            var refused = new ValidationErrors().Add("replyToId", "replyToId is a message in this conversation.");
            return ApiError.Validation(refused, refused.Summary());
        }

        var conversation = await memberships.GetAsync(grant.ConversationId);
        var mentions = Mentions.Parse(text);
        var mentioned = await ResolveMentionsAsync(db, mentions.Usernames, conversation, cancellationToken);
        // @room notifies everyone: only a room's admins and owner may do that; from anyone else it is just text.
        var mentionsRoom = mentions.MentionsRoom && grant.Kind == ConversationKind.Room && grant.Role >= MemberRole.Admin;
        await turn.Previous;
        // Whether each file is still the sender's unsent upload here is decided by the writer, in the same transaction
        // that stores the message: checked earlier, a file could be deleted or sent elsewhere in between.
        var stored = writer.WriteAsync(new NewMessage(grant.ConversationId, grant.UserId, MessageKind.Text, text, request.ClientMessageId, mentioned, mentionsRoom, replyTo, uploads, gif));
        turn.Release();
        try
        {
            return await stored;
        }
        catch (ClientMessageIdReusedException)
        {
            return ClientMessageIdReused;
        }
        catch (AttachmentsUnavailableException)
        {
            return AttachmentsUnavailable;
        }
    }

    /// <summary>Tells the other members someone is typing, at most as often as the typing allowance lets one person per conversation.</summary>
    public async Task<Result<bool>> TypingAsync(ConversationGrant grant, UserSummary user)
    {
        if (await limits.TryTakeAsync(UserLimit.Typing, grant.UserId, grant.ConversationId) is { } tooFast)
        {
            return tooFast;
        }

        await bus.PublishAsync(new UserTyping(grant.ConversationId, user));
        return true;
    }

    /// <summary>
    /// The quote a reply carries, read while the reply is checked (only replies pay for it): the original must be in
    /// the same conversation, and not cleared from the sender's view. Null when it is neither.
    /// </summary>
    private async Task<ReplyPreviewDto?> ReplyPreviewAsync(ConversationGrant grant, long replyToId, CancellationToken cancellationToken)
    {
        var original = await (await MessageQueries.VisibleToAsync(db, grant, 0, cancellationToken))
            .Where(m => m.Id == replyToId)
            .Select(m => new
            {
                m.Id,
                Author = new UserSummary(m.AuthorId, m.Author!.UserName!, m.Author.DisplayName, m.Author.AvatarVersion),
                m.Text,
                Deleted = m.DeletedAt != null,
                FirstFileKind = m.Files.OrderBy(f => f.Position).Select(f => (int?)f.Kind).FirstOrDefault(),
                FirstFileName = m.Files.OrderBy(f => f.Position).Select(f => f.Name).FirstOrDefault(),
                FileCount = m.Files.Count(),
            })
            .FirstOrDefaultAsync(cancellationToken);
        return original is null
            ? null
            : new ReplyPreviewDto(original.Id, original.Author,
                original.Deleted ? "" : original.Text.Length > 0 ? MessageQueries.Excerpt(original.Text) : MessageQueries.FilesExcerpt(original.FirstFileKind, original.FirstFileName, original.FileCount),
                original.Deleted);
    }

    /// <summary>Only members can be mentioned: an @name of anyone else stays plain text.</summary>
    internal static async Task<IReadOnlyList<long>> ResolveMentionsAsync(ParleyDb db, IReadOnlySet<string> usernames, ConversationMembers conversation, CancellationToken cancellationToken)
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
