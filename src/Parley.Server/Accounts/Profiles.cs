using Microsoft.EntityFrameworkCore;
using Parley.Events;
using Parley.Infrastructure;
using Parley.Infrastructure.Data;

namespace Parley.Accounts;

/// <summary>
/// Changes to how a user appears to others: display name, status, picture. Each change is stored, then announced
/// (<see cref="UserUpdated"/>) to the user's devices and everyone who shares a conversation with them, whose
/// clients redraw the user everywhere, earlier messages included.
/// </summary>
public sealed class ProfileChanges(ParleyDb db, AvatarStore avatars, IEventBus bus)
{
    public async Task<Result<User>> UpdateAsync(long userId, UpdateProfileRequest request, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (AccountRules.CheckDisplayName(request.DisplayName, out var displayName) is { } displayNameError)
        {
            errors.Add("displayName", displayNameError);
        }

        if (AccountRules.CheckStatus(request.Status, out var status) is { } statusError)
        {
            errors.Add("status", statusError);
        }

        if (!errors.IsEmpty)
        {
            return ApiError.Validation(errors, "The profile was not changed: " + errors.Summary());
        }

        var user = await db.Users.AsTracking().FirstAsync(u => u.Id == userId, cancellationToken);
        user.DisplayName = displayName ?? user.DisplayName;
        user.Status = request.Status is null ? user.Status : status;
        if (db.ChangeTracker.HasChanges())
        {
            await db.SaveChangesAsync(cancellationToken);
            await AnnounceAsync(user);
        }

        return user;
    }

    /// <summary>
    /// Makes the processed picture (one file per <see cref="AvatarStore.Sizes"/>) the user's current one, under a
    /// version number no earlier picture of theirs had, so that its URL may be cached for good.
    /// </summary>
    public async Task<User> SetAvatarAsync(long userId, IReadOnlyDictionary<int, string> sizedFiles, CancellationToken cancellationToken)
    {
        User user;
        await avatars.Writes.WaitAsync(cancellationToken);
        try
        {
            user = await db.Users.AsTracking().FirstAsync(u => u.Id == userId, cancellationToken);
            var version = AvatarStore.NextVersion(user.AvatarVersion);
            avatars.Install(userId, version, sizedFiles);
            user.AvatarVersion = version;
            await db.SaveChangesAsync(cancellationToken);
            avatars.DeleteAllBut(userId, version);
        }
        finally
        {
            avatars.Writes.Release();
        }

        await AnnounceAsync(user);
        return user;
    }

    public async Task<User> RemoveAvatarAsync(long userId, CancellationToken cancellationToken)
    {
        User user;
        await avatars.Writes.WaitAsync(cancellationToken);
        try
        {
            user = await db.Users.AsTracking().FirstAsync(u => u.Id == userId, cancellationToken);
            if (user.AvatarVersion <= 0)
            {
                return user;
            }

            user.AvatarVersion = AvatarStore.Removed(user.AvatarVersion);
            await db.SaveChangesAsync(cancellationToken);
            avatars.DeleteAllBut(userId, version: null);
        }
        finally
        {
            avatars.Writes.Release();
        }

        await AnnounceAsync(user);
        return user;
    }

    public async Task<ProfileDto?> FindAsync(string username, CancellationToken cancellationToken)
    {
        var key = username.Trim().TrimStart('@').ToUpperInvariant();
        return await db.Users
            .Where(u => u.NormalizedUserName == key)
            .Select(u => new ProfileDto(new UserSummary(u.Id, u.UserName!, u.DisplayName, u.AvatarVersion), u.Status))
            .FirstOrDefaultAsync(cancellationToken);
    }

    // Not the request's token: the change is stored, so it must be announced even if the caller went away.
    private async Task AnnounceAsync(User user)
    {
        var conversationIds = await db.Memberships.Where(m => m.UserId == user.Id).Select(m => m.ConversationId).ToListAsync(CancellationToken.None);
        var summary = new UserSummary(user.Id, user.UserName!, user.DisplayName, user.AvatarVersion);
        await bus.PublishAsync(new UserUpdated(new UserUpdatedEvent(summary, user.Status), conversationIds), CancellationToken.None);
    }
}
