using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using Parley.Infrastructure;

namespace Parley.Accounts;

public static class ProfilesApi
{
    private static readonly ApiError AvatarNotFound = ApiError.NotFound("avatar_not_found", "This profile picture does not exist: it was changed or removed.");

    public static RouteGroupBuilder MapProfiles(this RouteGroupBuilder api)
    {
        api.MapPatch("/me/profile", UpdateProfileAsync).WithTags("Accounts").RequireUserLimit(UserLimit.ProfileChanges)
            .WithSummary("Change your display name and status (an empty status clears it); everyone who sees you hears of it");
        api.MapDelete("/me/avatar", RemoveAvatarAsync).WithTags("Accounts").RequireUserLimit(UserLimit.ProfileChanges)
            .WithSummary("Remove your profile picture; your initials show instead");
        api.MapGet("/users/{username}/profile", GetProfileAsync).WithTags("Accounts")
            .WithSummary("Someone's profile card: how they appear, and their status");
        return api;
    }

    private static async Task<Results<Ok<MeDto>, ProblemHttpResult>> UpdateProfileAsync(
        UpdateProfileRequest request, HttpContext http, ProfileChanges profiles, CancellationToken ct)
    {
        var user = await profiles.UpdateAsync(http.User.GetUserId(), request, ct);
        return user.IsSuccess ? TypedResults.Ok(MeDto.From(user.Value!)) : user.Error!.ToProblem();
    }

    private static async Task<Ok<MeDto>> RemoveAvatarAsync(HttpContext http, ProfileChanges profiles, CancellationToken ct) =>
        TypedResults.Ok(MeDto.From(await profiles.RemoveAvatarAsync(http.User.GetUserId(), ct)));

    private static Results<PhysicalFileHttpResult, ProblemHttpResult> GetAvatar(long id, int version, int? size, HttpContext http, AvatarStore avatars)
    {
        var wanted = size ?? AvatarStore.DefaultSize;
        if (!AvatarStore.Sizes.Contains(wanted))
        {
            var sentence = $"Choose a size of {string.Join(", ", AvatarStore.Sizes)} pixels.";
            return ApiError.Validation(new ValidationErrors().Add("size", sentence), sentence).ToProblem();
        }

        if (version <= 0 || avatars.Find(id, version, wanted) is not { } path)
        {
            return AvatarNotFound.ToProblem();
        }

        // A version names one picture for good (a new picture gets a new URL), so browsers need never ask again.
        http.Response.Headers.CacheControl = "private, max-age=31536000, immutable";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.PhysicalFile(path, "image/webp", lastModified: File.GetLastWriteTimeUtc(path),
            entityTag: new EntityTagHeaderValue(string.Create(CultureInfo.InvariantCulture, $"\"{id}-{version}-{wanted}\"")));
    }

    private static async Task<Results<Ok<ProfileDto>, ProblemHttpResult>> GetProfileAsync(string username, ProfileChanges profiles, CancellationToken ct) =>
        await profiles.FindAsync(username, ct) is { } profile
            ? TypedResults.Ok(profile)
            : ApiError.NotFound("user_not_found", $"No one is called {username}.").ToProblem();
}
