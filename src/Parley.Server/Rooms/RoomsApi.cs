using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Parley.Access;
using Parley.Accounts;
using Parley.Audit;
using Parley.Infrastructure;
using Parley.Messages;

namespace Parley.Rooms;

public static class RoomsApi
{
    public static WebApplicationBuilder AddRooms(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<RoomQueries>();
        builder.Services.AddScoped<RoomActions>();
        builder.Services.AddScoped<DefaultRooms>();
        builder.Services.AddScoped<Accounts.INewAccountHandler>(services => services.GetRequiredService<DefaultRooms>());
        builder.Services.AddHostedService<DefaultRoomsAtStart>();
        builder.Services.AddSingleton<Microsoft.AspNetCore.Identity.IPasswordHasher<Infrastructure.Data.Conversation>, Microsoft.AspNetCore.Identity.PasswordHasher<Infrastructure.Data.Conversation>>();
        return builder;
    }

    /// <summary>
    /// Room endpoints. Each asks <see cref="ConversationAccess"/> for the room first: a direct conversation's id, a
    /// private room's id asked by an outsider and an id that does not exist all get the same 404 room_not_found.
    /// </summary>
    public static RouteGroupBuilder MapRooms(this RouteGroupBuilder api)
    {
        var rooms = api.MapGroup("/rooms").WithTags("Rooms");

        rooms.MapGet("/", (HttpContext http, RoomQueries queries, CancellationToken ct) => queries.ListJoinedAsync(http.User.GetUserId(), ct))
            .WithSummary("The caller's rooms, most recently active first");
        rooms.MapGet("/public", SearchPublicAsync)
            .WithSummary("Public rooms anyone may join, optionally filtered by name (`q`)");
        rooms.MapPost("/", CreateAsync).RequireUserLimit(UserLimit.RoomsCreated)
            .WithSummary("Create a room; the creator becomes its owner")
            .WithDescription("`visibility` is `public` (listed), `private` (invite link only) or `password` (join by id with `password`). Public and password rooms have names no other such room has (409 `room_name_taken`).");
        rooms.MapGet("/{id:long}", async (long id, HttpContext http, ConversationAccess access, RoomQueries queries, CancellationToken ct) =>
                ApiResults.Ok(await access.SeeRoomAsync(http.User.GetUserId(), id).MapAsync(view => queries.GetAsync(view, ct))))
            .WithSummary("A room: in full for members, a preview of a public or password room for others");
        rooms.MapPatch("/{id:long}", async (long id, UpdateRoomRequest request, HttpContext http, ConversationAccess access, RoomActions actions) =>
                ApiResults.Ok(await access.RoomAsync(http.User.GetUserId(), id).ThenAsync(room => actions.UpdateAsync(room, request))))
            .WithSummary("Rename, change the topic (owner, admins) or change who may join (owner)");
        rooms.MapDelete("/{id:long}", async (long id, HttpContext http, ConversationAccess access, RoomActions actions) =>
                ApiResults.NoContent(await access.RoomAsync(http.User.GetUserId(), id).ThenAsync(actions.DeleteAsync)))
            .WithSummary("Delete the room with its history (owner); it disappears from every member's screen");
        rooms.MapPost("/{id:long}/join", async (long id, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] JoinRoomRequest? request, HttpContext http, ConversationAccess access, RoomActions actions) =>
                ApiResults.Ok(await access.SeeRoomAsync(http.User.GetUserId(), id).ThenAsync(view => actions.JoinAsync(view, request))))
            .WithSummary("Join a public room, or a password room with its `password`");
        rooms.MapPost("/join", async (JoinRoomByNameRequest request, HttpContext http, ConversationAccess access, RoomActions actions) =>
                ApiResults.Ok(await access.SeeRoomByNameAsync(http.User.GetUserId(), request.Name).ThenAsync(view => actions.JoinAsync(view, new JoinRoomRequest(request.Password)))))
            .RequireUserLimit(UserLimit.RoomLookups)
            .WithSummary("Join a public room by its `name`, or a password room by its name and `password`")
            .WithDescription("Names compare as room names do (case, spacing and Unicode forms aside); a leading `#` is optional. A private room's name answers like a name no room has: 404 `room_not_found`.");
        rooms.MapPost("/{id:long}/leave", async (long id, HttpContext http, ConversationAccess access, RoomActions actions) =>
                ApiResults.NoContent(await access.RoomAsync(http.User.GetUserId(), id).ThenAsync(actions.LeaveAsync)))
            .WithSummary("Leave the room (an owner hands the room over or deletes it first)");

        rooms.MapGet("/{id:long}/members", async (long id, HttpContext http, ConversationAccess access, RoomQueries queries, CancellationToken ct) =>
                ApiResults.Ok(await access.RoomAsync(http.User.GetUserId(), id).MapAsync(room => queries.ListMembersAsync(room, ct))))
            .WithSummary("Members with their roles and who is online now");
        rooms.MapDelete("/{id:long}/members/{userId:long}", async (long id, long userId, HttpContext http, ConversationAccess access, RoomActions actions) =>
                ApiResults.NoContent(await access.RoomAsync(http.User.GetUserId(), id).ThenAsync(room => actions.RemoveMemberAsync(room, userId, AuditActor.Of(http)))))
            .WithSummary("Remove a member (owner: anyone; admins: plain members)");
        rooms.MapPut("/{id:long}/members/{userId:long}/role", async (long id, long userId, ChangeRoleRequest request, HttpContext http, ConversationAccess access, RoomActions actions) =>
                ApiResults.Ok(await access.RoomAsync(http.User.GetUserId(), id).ThenAsync(room => actions.ChangeRoleAsync(room, userId, request))))
            .WithSummary("Make a member an admin or a member again, or hand over ownership (owner)");

        rooms.MapGet("/{id:long}/invites", async (long id, HttpContext http, ConversationAccess access, RoomActions actions) =>
                ApiResults.Ok(await access.RoomAsync(http.User.GetUserId(), id).ThenAsync(room => actions.ListInvitesAsync(room, PublicAddress.BaseUrl(http)))))
            .WithSummary("The room's usable invite links (owner, admins)");
        rooms.MapPost("/{id:long}/invites", async (long id, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] CreateInviteRequest? request, HttpContext http, ConversationAccess access, RoomActions actions) =>
                ApiResults.Ok(await access.RoomAsync(http.User.GetUserId(), id).ThenAsync(room => actions.CreateInviteAsync(room, request ?? new CreateInviteRequest(null, null), PublicAddress.BaseUrl(http)))))
            .WithSummary("Create an invite link (owner, admins); it may expire (`expiresInHours`) or run out (`maxUses`)");
        rooms.MapDelete("/{id:long}/invites/{code}", async (long id, string code, HttpContext http, ConversationAccess access, RoomActions actions) =>
                ApiResults.NoContent(await access.RoomAsync(http.User.GetUserId(), id).ThenAsync(room => actions.RevokeInviteAsync(room, code))))
            .WithSummary("Revoke an invite link (owner, admins)");

        // A room's history is read like any conversation's, but only for rooms here.
        rooms.MapMessages(static (access, userId, id) => access.RoomAsync(userId, id));

        var invites = api.MapGroup("/invites").WithTags("Rooms");
        invites.MapGet("/{code}", async (string code, HttpContext http, ConversationAccess access, RoomActions actions) =>
                ApiResults.Ok(await access.InvitationAsync(http.User.GetUserId(), code).MapAsync(actions.PreviewInviteAsync)))
            .WithSummary("What an invite link leads to, before accepting it");
        invites.MapPost("/{code}/accept", async (string code, HttpContext http, ConversationAccess access, RoomActions actions) =>
                ApiResults.Ok(await access.InvitationAsync(http.User.GetUserId(), code).ThenAsync(actions.AcceptInviteAsync)))
            .WithSummary("Join the room an invite link leads to");
        return api;
    }

    private static async Task<Results<Ok<List<RoomDto>>, ProblemHttpResult>> SearchPublicAsync(string? q, HttpContext http, RoomQueries queries, CancellationToken ct)
    {
        // A search text longer than any room name matches nothing; refusing it says so.
        if (q is not null && TextLength.Of(q.Trim()) > RoomRules.MaxNameLength)
        {
            var tooLong = $"Search with at most {RoomRules.MaxNameLength} characters: no room name is longer.";
            return ApiError.Validation(new ValidationErrors().Add("q", tooLong), tooLong).ToProblem();
        }

        return TypedResults.Ok(await queries.SearchPublicAsync(http.User.GetUserId(), q, ct));
    }

    private static async Task<Results<Created<RoomDto>, ProblemHttpResult>> CreateAsync(CreateRoomRequest request, HttpContext http, RoomActions actions)
    {
        var room = await actions.CreateAsync(http.User.GetUserId(), request);
        return room.IsSuccess ? TypedResults.Created($"/api/rooms/{room.Value!.Id}", room.Value) : room.Error!.ToProblem();
    }
}
