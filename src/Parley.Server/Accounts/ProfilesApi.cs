using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using Parley.Infrastructure;
using Parley.Media;

namespace Parley.Accounts;

public static class ProfilesApi
{
    private static readonly ApiError AvatarNotFound = ApiError.NotFound("avatar_not_found", "This profile picture does not exist: it was changed or removed.");

    public static RouteGroupBuilder MapProfiles(this RouteGroupBuilder api)
    {
        api.MapPatch("/me/profile", UpdateProfileAsync).WithTags("Accounts").RequireUserLimit(UserLimit.ProfileChanges)
            .WithSummary("Change your display name and status (an empty status clears it); everyone who sees you hears of it");
        api.MapPut("/me/avatar", UploadAvatarAsync).WithTags("Accounts").RequireUserLimit(UserLimit.ProfileChanges)
            .WithSummary("Set your profile picture: the image file as the request body, at most 10 MB")
            .WithDescription("The server reads the type from the content, crops to a square and makes 64, 128 and 256 pixel WebP versions.");
        api.MapDelete("/me/avatar", RemoveAvatarAsync).WithTags("Accounts").RequireUserLimit(UserLimit.ProfileChanges)
            .WithSummary("Remove your profile picture; your initials show instead");
        api.MapGet("/users/{id:long}/avatar/{version:int}", GetAvatar).WithTags("Accounts")
            .WithSummary("A profile picture (`size` 64, 128 or 256), as a user summary's avatarUrl names it; cacheable for good");
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

    private static async Task<Results<Ok<MeDto>, ProblemHttpResult>> UploadAvatarAsync(
        HttpContext http, ProfileChanges profiles, AvatarStore avatars, ImageProcessor images, CancellationToken ct)
    {
        // This endpoint alone takes a body this large; Kestrel stops reading at the limit, whatever Content-Length says.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = AvatarStore.MaxUploadBytes;
        }

        if (http.Request.ContentLength > AvatarStore.MaxUploadBytes)
        {
            return RequestLimits.RequestTooLarge(http).ToProblem();
        }

        var work = avatars.NewWorkDirectory();
        try
        {
            var upload = Path.Combine(work, "upload");
            var header = new byte[ContentSniffer.HeaderBytes];
            int headerLength;
            await using (var file = new FileStream(upload, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, bufferSize: 81920, useAsync: true))
            {
                await http.Request.Body.CopyToAsync(file, ct);
                file.Position = 0;
                headerLength = await file.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, ct);
            }

            if (headerLength == 0)
            {
                return ApiError.BadRequest("file_empty", "The picture is empty: choose an image file.").ToProblem();
            }

            if (ContentSniffer.Detect(header.AsSpan(0, headerLength)) is not { Kind: FileKind.Image } type)
            {
                return new ApiError(StatusCodes.Status415UnsupportedMediaType, "file_type_not_allowed",
                    "A profile picture must be a JPEG, PNG, WebP, GIF or AVIF image; this file is not one.").ToProblem();
            }

            IReadOnlyDictionary<int, string> sized;
            try
            {
                sized = await images.MakeAvatarAsync(upload, AvatarStore.Sizes, work, ct);
            }
            catch (MediaException ex)
            {
                return ApiError.BadRequest(ex.Code, ex.Message).ToProblem();
            }

            var user = await profiles.SetAvatarAsync(http.User.GetUserId(), sized, ct);
            return TypedResults.Ok(MeDto.From(user));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
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
