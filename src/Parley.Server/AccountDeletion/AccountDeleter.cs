using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Parley.Access;
using Parley.Accounts;
using Parley.Audit;
using Parley.Events;
using Parley.Files;
using Parley.Infrastructure;
using Parley.Infrastructure.Data;
using Parley.Messages;
using Parley.Rooms;

namespace Parley.AccountDeletion;

/// <summary>
/// Deletes a person's account at their request. The account row stays as an empty "Deleted user" (no email,
/// password, picture or sign-in), because the messages kept under it need an author and direct conversations need
/// their other side; everything else of theirs goes: sessions (live connections close first), rooms' memberships
/// (a room they own passes on, or is deleted if nobody else is in it), unsent uploads, picture, blocks, and — when
/// the server keeps no messages of deleted accounts — every message and reaction of theirs, through the same paths
/// as deleting one by hand, so every screen updates.
/// </summary>
public sealed class AccountDeleter(
    ParleyDb db,
    CredentialCheck credentials,
    ConversationAccess access,
    RoomActions rooms,
    MessageChanges messages,
    ProfileChanges profiles,
    UserSessions sessions,
    FileRemoval files,
    IEventBus bus,
    AuditLog audit,
    IOptions<AccountOptions> options,
    TimeProvider clock)
{
    public const string DeletedDisplayName = "Deleted user";

    public const string KeepMessages = "keep";
    public const string RemoveMessages = "remove";

    public static readonly ApiError WrongPassword = ApiError.Forbidden("wrong_password", "Your password is not correct, so the account was not deleted.");

    /// <summary>"keep" or "remove": Parley:Accounts:DeletedAccountMessages, anything else read as the safer "keep".</summary>
    public string MessagesMode => string.Equals(options.Value.DeletedAccountMessages?.Trim(), RemoveMessages, StringComparison.OrdinalIgnoreCase) ? RemoveMessages : KeepMessages;

    /// <summary>A username no one can register (usernames cannot contain "~"), unique by the account's id.</summary>
    public static string DeletedUsername(long userId) => $"~deleted-{userId}";

    public async Task<Result<bool>> DeleteAsync(long userId, string? password, AuditActor actor)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId && u.DeletedAt == null);
        if (user is null)
        {
            return ApiError.Unauthorized("account_not_found", "This account no longer exists.");
        }

        // The sign-in check, so guesses here count towards the same lockout as at the sign-in form.
        var checkedUser = await credentials.CheckAsync(new SignInRequest(user.UserName, password));
        if (checkedUser.Error is { } error)
        {
            return error.Code switch
            {
                "invalid_credentials" => WrongPassword,
                "validation_failed" => ApiError.Validation(new ValidationErrors().Add("password", "Enter your password to delete your account."), "Enter your password to delete your account."),
                _ => error,
            };
        }

        if (user.IsAdmin && !await db.Users.AnyAsync(u => u.Id != userId && u.IsAdmin && u.DeactivatedAt == null))
        {
            return Administrators.LastAdministrator with { Detail = "You are the server's only administrator. Make someone else an administrator before you delete your account." };
        }

        var now = clock.GetUtcNow().UtcDateTime;
        // First of all: nobody can act as this account any more while the rest is taken apart.
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(u => u.SetProperty(x => x.DeactivatedAt, now));
        var endedSessions = await sessions.RevokeOthersAsync(userId, keep: null);

        var summary = new UserSummary(user.Id, user.UserName!, user.DisplayName, user.AvatarVersion);
        // Taken before it leaves its rooms: everyone who was in one with it should see its messages re-signed.
        var conversationIds = await db.Memberships.Where(m => m.UserId == userId).Select(m => m.ConversationId).ToListAsync();
        var removed = MessagesMode == RemoveMessages ? await RemoveMessagesAndReactionsAsync(userId) : 0;

        var roomIds = await db.Memberships
            .Where(m => m.UserId == userId && db.Conversations.Any(c => c.Id == m.ConversationId && c.Kind == ConversationKind.Room))
            .Select(m => m.ConversationId)
            .ToListAsync();
        foreach (var roomId in roomIds)
        {
            if ((await access.RoomAsync(userId, roomId)).Value is { } member)
            {
                await rooms.LeaveForDeletedAccountAsync(member, summary);
            }
        }

        var unsent = await db.Files.Where(f => f.UploaderId == userId && f.MessageId == null).Select(f => new { f.Id, f.StorageKey, f.ThumbnailKey }).ToListAsync();
        await db.Files.Where(f => f.UploaderId == userId && f.MessageId == null).ExecuteDeleteAsync();
        await files.DeleteBlobsAsync(unsent.SelectMany(f => new[] { f.StorageKey, f.ThumbnailKey }));

        await profiles.RemoveAvatarAsync(userId, CancellationToken.None);
        await db.Blocks.Where(b => b.BlockerId == userId || b.BlockedId == userId).ExecuteDeleteAsync();
        await EmptyAccountAsync(userId, now);

        var deleted = await db.Users.AsNoTracking().FirstAsync(u => u.Id == userId);
        await bus.PublishAsync(new UserUpdated(new UserUpdatedEvent(new UserSummary(userId, deleted.UserName!, deleted.DisplayName, deleted.AvatarVersion), null), conversationIds), CancellationToken.None);
        await audit.RecordAsync(AuditActions.AccountDeleted, actor, AuditTarget.User(userId, user.UserName),
            $"Messages {(MessagesMode == RemoveMessages ? $"removed ({removed})" : "kept as \"Deleted user\"")}; left {roomIds.Count} room(s); {endedSessions} session(s) ended.");
        return true;
    }

    private async Task<int> RemoveMessagesAndReactionsAsync(long userId)
    {
        var removed = 0;
        var written = await db.Messages
            .Where(m => m.AuthorId == userId && m.DeletedAt == null && m.Kind != MessageKind.System)
            .GroupBy(m => m.ConversationId)
            .Select(g => new { ConversationId = g.Key, Ids = g.Select(m => m.Id).ToList() })
            .ToListAsync();
        foreach (var conversation in written)
        {
            var grant = await access.AuthorAsync(userId, conversation.ConversationId);
            foreach (var messageId in conversation.Ids)
            {
                removed += (await messages.DeleteAsync(grant.Value!, messageId, CancellationToken.None)).Value ? 1 : 0;
            }
        }

        var reactions = await db.Reactions
            .Where(r => r.UserId == userId)
            .Join(db.Messages, r => r.MessageId, m => m.Id, (r, m) => new { r.MessageId, r.Emoji, m.ConversationId })
            .ToListAsync();
        foreach (var reaction in reactions)
        {
            if ((await access.ConversationAsync(userId, reaction.ConversationId)).Value is { } member)
            {
                await messages.UnreactAsync(member, reaction.MessageId, reaction.Emoji, CancellationToken.None);
            }
        }

        // Reactions in conversations the person had already left: nobody there is shown them live any more.
        await db.Reactions.Where(r => r.UserId == userId).ExecuteDeleteAsync();
        return removed;
    }

    private async Task EmptyAccountAsync(long userId, DateTime now)
    {
        var username = DeletedUsername(userId);
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(u => u
            .SetProperty(x => x.UserName, username)
            .SetProperty(x => x.NormalizedUserName, username.ToUpperInvariant())
            .SetProperty(x => x.Email, (string?)null)
            .SetProperty(x => x.NormalizedEmail, (string?)null)
            .SetProperty(x => x.EmailConfirmed, false)
            .SetProperty(x => x.PasswordHash, (string?)null)
            .SetProperty(x => x.SecurityStamp, Guid.NewGuid().ToString("N"))
            .SetProperty(x => x.ConcurrencyStamp, Guid.NewGuid().ToString())
            .SetProperty(x => x.PhoneNumber, (string?)null)
            .SetProperty(x => x.TwoFactorEnabled, false)
            .SetProperty(x => x.LockoutEnd, DateTimeOffset.MaxValue)
            .SetProperty(x => x.DisplayName, DeletedDisplayName)
            .SetProperty(x => x.Status, (string?)null)
            .SetProperty(x => x.IsAdmin, false)
            .SetProperty(x => x.DeletedAt, now));
        // Authenticator keys, recovery codes, passkeys and any other secret Identity keeps for the account.
        await db.UserTokens.Where(t => t.UserId == userId).ExecuteDeleteAsync();
        await db.UserClaims.Where(c => c.UserId == userId).ExecuteDeleteAsync();
        await db.UserLogins.Where(l => l.UserId == userId).ExecuteDeleteAsync();
        // Passkeys (their last-used rows go with them): a deleted account has no way in.
        await db.Set<Microsoft.AspNetCore.Identity.IdentityUserPasskey<long>>().Where(p => p.UserId == userId).ExecuteDeleteAsync();
    }
}
