using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Parley.Accounts;
using Parley.Conversations;
using Parley.Infrastructure;
using Parley.Messages;

namespace Parley.Rooms;

public static class RoomsApi
{
    public static RouteGroupBuilder MapRooms(this RouteGroupBuilder api)
    {
        var rooms = api.MapGroup("/rooms").WithTags("Rooms");

        rooms.MapGet("/", (HttpContext http, RoomQueries queries, CancellationToken ct) => queries.ListJoinedAsync(http.User.GetUserId(), ct))
            .WithSummary("The caller's rooms, most recently active first");
        rooms.MapGet("/public", (string? q, HttpContext http, RoomQueries queries, CancellationToken ct) => queries.SearchPublicAsync(http.User.GetUserId(), q, ct))
            .WithSummary("Public rooms anyone may join, optionally filtered by name (`q`)");
        rooms.MapPost("/", CreateAsync)
            .WithSummary("Create a room; the creator becomes its owner")
            .WithDescription("`visibility` is `public` (listed), `private` (invite link only) or `password` (join by id with `password`).");
        rooms.MapGet("/{id:long}", async (long id, HttpContext http, RoomQueries queries, CancellationToken ct) => ApiResults.Ok(await queries.GetAsync(http.User.GetUserId(), id, ct)))
            .WithSummary("A room: in full for members, a preview of a public or password room for others");
        rooms.MapPatch("/{id:long}", async (long id, UpdateRoomRequest request, HttpContext http, RoomActions actions) => ApiResults.Ok(await actions.UpdateAsync(http.User.GetUserId(), id, request)))
            .WithSummary("Rename, change the topic (owner, admins) or change who may join (owner)");
        rooms.MapDelete("/{id:long}", async (long id, HttpContext http, RoomActions actions) => ApiResults.NoContent(await actions.DeleteAsync(http.User.GetUserId(), id)))
            .WithSummary("Delete the room with its history (owner); it disappears from every member's screen");
        rooms.MapPost("/{id:long}/join", async (long id, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] JoinRoomRequest? request, HttpContext http, RoomActions actions) => ApiResults.Ok(await actions.JoinAsync(http.User.GetUserId(), id, request)))
            .WithSummary("Join a public room, or a password room with its `password`");
        rooms.MapPost("/{id:long}/leave", async (long id, HttpContext http, RoomActions actions) => ApiResults.NoContent(await actions.LeaveAsync(http.User.GetUserId(), id)))
            .WithSummary("Leave the room (an owner hands the room over or deletes it first)");

        rooms.MapGet("/{id:long}/members", ListMembersAsync).WithSummary("Members with their roles and who is online now");
        rooms.MapDelete("/{id:long}/members/{userId:long}", async (long id, long userId, HttpContext http, RoomActions actions) => ApiResults.NoContent(await actions.RemoveMemberAsync(http.User.GetUserId(), id, userId)))
            .WithSummary("Remove a member (owner: anyone; admins: plain members)");
        rooms.MapPut("/{id:long}/members/{userId:long}/role", async (long id, long userId, ChangeRoleRequest request, HttpContext http, RoomActions actions) => ApiResults.Ok(await actions.ChangeRoleAsync(http.User.GetUserId(), id, userId, request)))
            .WithSummary("Make a member an admin or a member again, or hand over ownership (owner)");

        rooms.MapGet("/{id:long}/invites", async (long id, HttpContext http, RoomActions actions) => ApiResults.Ok(await actions.ListInvitesAsync(http.User.GetUserId(), id, BaseUrl(http))))
            .WithSummary("The room's usable invite links (owner, admins)");
        rooms.MapPost("/{id:long}/invites", async (long id, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] CreateInviteRequest? request, HttpContext http, RoomActions actions) => ApiResults.Ok(await actions.CreateInviteAsync(http.User.GetUserId(), id, request ?? new CreateInviteRequest(null, null), BaseUrl(http))))
            .WithSummary("Create an invite link (owner, admins); it may expire (`expiresInHours`) or run out (`maxUses`)");
        rooms.MapDelete("/{id:long}/invites/{code}", async (long id, string code, HttpContext http, RoomActions actions) => ApiResults.NoContent(await actions.RevokeInviteAsync(http.User.GetUserId(), id, code)))
            .WithSummary("Revoke an invite link (owner, admins)");

        rooms.MapMessages();

        var invites = api.MapGroup("/invites").WithTags("Rooms");
        invites.MapGet("/{code}", async (string code, HttpContext http, RoomActions actions) => ApiResults.Ok(await actions.PreviewInviteAsync(http.User.GetUserId(), code)))
            .WithSummary("What an invite link leads to, before accepting it");
        invites.MapPost("/{code}/accept", async (string code, HttpContext http, RoomActions actions) => ApiResults.Ok(await actions.AcceptInviteAsync(http.User.GetUserId(), code)))
            .WithSummary("Join the room an invite link leads to");
        return api;
    }

    private static async Task<Results<Created<RoomDto>, ProblemHttpResult>> CreateAsync(CreateRoomRequest request, HttpContext http, RoomActions actions)
    {
        var room = await actions.CreateAsync(http.User.GetUserId(), request);
        return room.IsSuccess ? TypedResults.Created($"/api/rooms/{room.Value!.Id}", room.Value) : room.Error!.ToProblem();
    }

    private static async Task<Results<Ok<List<MemberDto>>, ProblemHttpResult>> ListMembersAsync(
        long id, HttpContext http, ConversationAccess access, RoomQueries queries, CancellationToken ct)
    {
        var role = await access.RequireMemberAsync(http.User.GetUserId(), id, ct);
        return role.IsSuccess ? TypedResults.Ok(await queries.ListMembersAsync(id, ct)) : role.Error!.ToProblem();
    }

    private static string BaseUrl(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";
}
