using Microsoft.AspNetCore.Http.HttpResults;
using Parley.Access;
using Parley.Accounts;
using Parley.Events;
using Parley.Infrastructure;

namespace Parley.Files;

public static class FilesApi
{
    /// <summary>Uploads into a conversation, and the files themselves (/api/files/…).</summary>
    public static RouteGroupBuilder MapFiles(this RouteGroupBuilder api)
    {
        api.MapPost("/conversations/{id:long}/files", UploadAsync)
            .RequireUserLimit(UserLimit.Uploads)
            .WithSummary("Upload a file (the body is its bytes; ?name=, or ?voice=true&waveform=…) into a conversation one may write in; send it with SendMessage's attachmentIds");

        var files = api.MapGroup("/files");
        files.MapGet("/usage", async (HttpContext http, FileDownloads downloads, CancellationToken ct) => TypedResults.Ok(await downloads.UsageAsync(http.User.GetUserId(), ct)))
            .WithSummary("How much the caller stores, and the limits on files");
        files.MapGet("/{id}", (string id, HttpContext http, FileDownloads downloads, CancellationToken ct) => downloads.ServeAsync(http.User.GetUserId(), id, thumbnail: false, http, ct))
            .WithSummary("A file, for the members of its conversation (an unsent upload: its uploader); ranges supported");
        files.MapGet("/{id}/thumbnail", (string id, HttpContext http, FileDownloads downloads, CancellationToken ct) => downloads.ServeAsync(http.User.GetUserId(), id, thumbnail: true, http, ct))
            .WithSummary("An image's thumbnail (WebP), for whoever may see the image");
        files.MapDelete("/{id}", async (string id, HttpContext http, FileDownloads downloads, CancellationToken ct) =>
                ApiResults.NoContent(await downloads.CancelAsync(http.User.GetUserId(), id, ct)))
            .WithSummary("Take back one's upload before sending it");
        return api;
    }

    private static async Task<Results<Created<AttachmentDto>, ProblemHttpResult>> UploadAsync(
        long id, string? name, bool? voice, string? waveform, HttpContext http, ConversationAccess access, FileUploads uploads, CancellationToken ct)
    {
        var result = await access.ConversationToWriteAsync(http.User.GetUserId(), id)
            .ThenAsync(grant => uploads.UploadAsync(grant, new UploadRequest(name, voice ?? false, waveform), http.Request, ct));
        return result.IsSuccess ? TypedResults.Created(Attachments.UrlOf(result.Value!.Id), result.Value) : result.Error!.ToProblem();
    }
}
