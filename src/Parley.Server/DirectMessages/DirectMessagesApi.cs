using Microsoft.AspNetCore.Http.HttpResults;
using Parley.Accounts;
using Parley.Conversations;
using Parley.Infrastructure;

namespace Parley.DirectMessages;

public static class DirectMessagesApi
{
    public static WebApplicationBuilder AddDirectMessages(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<DirectActions>();
        return builder;
    }

    public static RouteGroupBuilder MapDirectMessages(this RouteGroupBuilder api)
    {
        api.MapPost("/dms", OpenAsync).WithTags("Direct messages")
            .WithSummary("Open the conversation with these people (`usernames`), or the one you already have")
            .WithDescription("One other person for a one-to-one conversation, up to nine for a group. Its id works with the messages endpoint, SendMessage and every event, like a room's.");
        api.MapGet("/me/blocks", (HttpContext http, DirectActions actions, CancellationToken ct) => actions.ListBlockedAsync(http.User.GetUserId(), ct))
            .WithTags("Direct messages").WithSummary("People the caller blocked");
        api.MapPut("/users/{username}/block", async (string username, HttpContext http, DirectActions actions) => ApiResults.NoContent(await actions.BlockAsync(http.User.GetUserId(), username)))
            .WithTags("Direct messages").WithSummary("Block someone: they can no longer start or send into a direct conversation with you");
        api.MapDelete("/users/{username}/block", async (string username, HttpContext http, DirectActions actions) => ApiResults.NoContent(await actions.UnblockAsync(http.User.GetUserId(), username)))
            .WithTags("Direct messages").WithSummary("Unblock someone");
        return api;
    }

    private static async Task<Results<Ok<ConversationDto>, ProblemHttpResult>> OpenAsync(OpenDirectRequest request, HttpContext http, DirectActions actions) =>
        ApiResults.Ok(await actions.OpenAsync(http.User.GetUserId(), request));
}
