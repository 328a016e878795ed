using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parley.Events;
using Parley.Infrastructure;
using Parley.Infrastructure.Data;

namespace Parley.Accounts;

public static class UsersApi
{
    public const int SearchLimit = 20;

    /// <summary>As long as the longest display name: a longer search text matches nobody.</summary>
    public const int MaxSearchLength = AccountRules.MaxDisplayNameLength;

    public static RouteGroupBuilder MapUsers(this RouteGroupBuilder api)
    {
        api.MapGet("/users", SearchAsync).WithTags("Accounts")
            .WithSummary("Find people by username or display name (`q`), to start a conversation with");
        api.MapGet("/me/settings", GetSettingsAsync).WithTags("Accounts").WithSummary("The caller's preferences");
        api.MapPatch("/me/settings", UpdateSettingsAsync).WithTags("Accounts")
            .WithSummary("Change read receipts, do-not-disturb or notification sounds; every device hears of it");
        return api;
    }

    private static async Task<Results<Ok<List<UserSearchResult>>, ProblemHttpResult>> SearchAsync(string? q, ParleyDb db, IPresence presence, CancellationToken ct)
    {
        if (q is not null && TextLength.Of(q.Trim()) > MaxSearchLength)
        {
            return ApiError.Validation(new ValidationErrors().Add("q", $"Search with at most {MaxSearchLength} characters: no name is longer."),
                $"Search with at most {MaxSearchLength} characters: no name is longer.").ToProblem();
        }

        // A deleted account is nobody to find or start a conversation with.
        var query = db.Users.Where(u => u.DeletedAt == null);
        if (!string.IsNullOrWhiteSpace(q))
        {
            var needle = q.Trim().TrimStart('@');
            var upper = needle.ToUpperInvariant();
            var lower = needle.ToLowerInvariant();
            // Usernames match from their start (what people type after @), display names anywhere.
#pragma warning disable CA1862 // Lower-casing both sides is the form every provider translates.
            query = query.Where(u => u.NormalizedUserName!.StartsWith(upper) || u.DisplayName.ToLower().Contains(lower));
#pragma warning restore CA1862
        }

        var users = await query
            .OrderBy(u => u.NormalizedUserName)
            .Take(SearchLimit)
            .Select(u => new UserSummary(u.Id, u.UserName!, u.DisplayName, u.AvatarVersion))
            .ToListAsync(ct);
        return TypedResults.Ok(users.Select(u => new UserSearchResult(u, presence.IsOnline(u.Id))).ToList());
    }

    private static async Task<Ok<UserSettingsDto>> GetSettingsAsync(HttpContext http, ParleyDb db, CancellationToken ct) =>
        TypedResults.Ok(await ReadSettingsAsync(db, http.User.GetUserId(), ct));

    private static async Task<Ok<UserSettingsDto>> UpdateSettingsAsync(UpdateSettingsRequest request, HttpContext http, ParleyDb db, IEventBus bus, CancellationToken ct)
    {
        var userId = http.User.GetUserId();
        var user = await db.Users.AsTracking().FirstAsync(u => u.Id == userId, ct);
        user.SendReadReceipts = request.SendReadReceipts ?? user.SendReadReceipts;
        user.DoNotDisturb = request.DoNotDisturb ?? user.DoNotDisturb;
        user.NotificationSounds = request.NotificationSounds ?? user.NotificationSounds;
        await db.SaveChangesAsync(ct);

        var settings = new UserSettingsDto(user.SendReadReceipts, user.DoNotDisturb, user.NotificationSounds);
        await bus.PublishAsync(new SettingsChanged(userId, settings), ct);
        return TypedResults.Ok(settings);
    }

    private static Task<UserSettingsDto> ReadSettingsAsync(ParleyDb db, long userId, CancellationToken ct) =>
        db.Users.Where(u => u.Id == userId).Select(u => new UserSettingsDto(u.SendReadReceipts, u.DoNotDisturb, u.NotificationSounds)).FirstAsync(ct);
}
