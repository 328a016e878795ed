using Parley.Access;
using Parley.Accounts;
using Parley.Audit;
using Parley.Infrastructure;

namespace Parley.Administration;

/// <summary>
/// The admin console's API (/api/admin/…). Every endpoint asks <see cref="SiteAccess"/> first, so a revoked or
/// deactivated administrator is refused on the very next request; all of it shares one per-user rate limit.
/// </summary>
public static class AdministrationApi
{
    public static WebApplicationBuilder AddAdministration(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<AdminUsers>();
        builder.Services.AddScoped<AdminRooms>();
        builder.Services.AddScoped<AuditQuery>();
        builder.Services.AddScoped<Dashboard>();
        return builder;
    }

    public static RouteGroupBuilder MapAdministration(this RouteGroupBuilder api)
    {
        var admin = api.MapGroup("/admin").WithTags("Administration").RequireUserLimit(UserLimit.AdminActions);

        admin.MapGet("/dashboard", async (HttpContext http, SiteAccess site, Dashboard dashboard, CancellationToken ct) =>
                ApiResults.Ok(await site.AdministratorAsync(http.User.GetUserId(), ct).MapAsync(grant => dashboard.ReadAsync(grant, ct))))
            .WithSummary("Messages and active users per day over the last 30 days (UTC), connections now, storage used and totals");

        admin.MapGet("/users", async (string? q, int? offset, int? limit, HttpContext http, SiteAccess site, AdminUsers users, CancellationToken ct) =>
                ApiResults.Ok(await site.AdministratorAsync(http.User.GetUserId(), ct).ThenAsync(grant => users.SearchAsync(grant, q, offset, limit, ct))))
            .WithSummary("Accounts whose username, display name or email contains `q`, a page at a time (`offset`, `limit` up to 100)");
        admin.MapGet("/users/{userId:long}", async (long userId, HttpContext http, SiteAccess site, AdminUsers users, CancellationToken ct) =>
                ApiResults.Ok(await site.AdministratorAsync(http.User.GetUserId(), ct).ThenAsync(grant => users.GetAsync(grant, userId, ct))))
            .WithSummary("One account: created, last seen, active sessions, rooms and messages counted, administrator, deactivated, two-factor");
        admin.MapPost("/users/{userId:long}/deactivate", async (long userId, HttpContext http, SiteAccess site, AdminUsers users) =>
                ApiResults.Ok(await site.AdministratorAsync(http.User.GetUserId()).ThenAsync(grant => users.DeactivateAsync(grant, userId, AuditActor.Of(http)))))
            .WithSummary("Deactivate an account: it is signed out everywhere at once and cannot sign in (not one's own: 400 `cannot_deactivate_self`)");
        admin.MapPost("/users/{userId:long}/reactivate", async (long userId, HttpContext http, SiteAccess site, AdminUsers users) =>
                ApiResults.Ok(await site.AdministratorAsync(http.User.GetUserId()).ThenAsync(grant => users.ReactivateAsync(grant, userId, AuditActor.Of(http)))))
            .WithSummary("Let a deactivated account sign in again");
        admin.MapPost("/users/{userId:long}/reset-password", async (long userId, HttpContext http, SiteAccess site, AdminUsers users) =>
                ApiResults.Ok(await site.AdministratorAsync(http.User.GetUserId()).ThenAsync(grant => users.ForcePasswordResetAsync(grant, userId, PublicAddress.BaseUrl(http), AuditActor.Of(http)))))
            .WithSummary("Force a password reset: the password stops working, every session ends, and the account's address gets a reset link (409 `no_email` without one)");
        admin.MapPost("/users/{userId:long}/sign-out", async (long userId, HttpContext http, SiteAccess site, AdminUsers users) =>
                ApiResults.Ok(await site.AdministratorAsync(http.User.GetUserId()).ThenAsync(grant => users.SignOutEverywhereAsync(grant, userId, AuditActor.Of(http)))))
            .WithSummary("End every session of the account, closing its live connections");
        admin.MapPut("/users/{userId:long}/admin", async (long userId, SetAdministratorRequest request, HttpContext http, SiteAccess site, AdminUsers users) =>
                ApiResults.Ok(await site.AdministratorAsync(http.User.GetUserId()).ThenAsync(grant => users.SetAdministratorAsync(grant, userId, request, AuditActor.Of(http)))))
            .WithSummary("Grant (`isAdmin: true`) or revoke the administrator role (409 `last_administrator` for the last one)");

        admin.MapGet("/rooms", async (string? q, int? offset, int? limit, HttpContext http, SiteAccess site, AdminRooms rooms, CancellationToken ct) =>
                ApiResults.Ok(await site.AdministratorAsync(http.User.GetUserId(), ct).ThenAsync(grant => rooms.ListAsync(grant, q, offset, limit, ct))))
            .WithSummary("Every room (public, private, password) whose name contains `q`, with owner and member and message counts; never a message");
        admin.MapGet("/rooms/{id:long}/members", async (long id, HttpContext http, SiteAccess site, AdminRooms rooms, CancellationToken ct) =>
                ApiResults.Ok(await site.AdministratorAsync(http.User.GetUserId(), ct).ThenAsync(grant => rooms.ListMembersAsync(grant, id, ct))))
            .WithSummary("A room's members and roles, to choose a new owner from");
        admin.MapDelete("/rooms/{id:long}", async (long id, HttpContext http, SiteAccess site, AdminRooms rooms) =>
                ApiResults.NoContent(await site.AdministratorAsync(http.User.GetUserId()).ThenAsync(grant => rooms.DeleteAsync(grant, id, AuditActor.Of(http)))))
            .WithSummary("Delete a room with its history and files, as its owner would; members see it go at once");
        admin.MapPut("/rooms/{id:long}/owner", async (long id, TransferOwnershipRequest request, HttpContext http, SiteAccess site, AdminRooms rooms) =>
                ApiResults.Ok(await site.AdministratorAsync(http.User.GetUserId()).ThenAsync(grant => rooms.TransferOwnershipAsync(grant, id, request, AuditActor.Of(http)))))
            .WithSummary("Make a member (`userId`) the room's owner; the previous owner stays on as an admin");

        admin.MapGet("/audit", async (string? action, string? actor, string? target, string? q, DateTime? from, DateTime? to, long? before, int? limit, HttpContext http, SiteAccess site, AuditQuery audit, CancellationToken ct) =>
                ApiResults.Ok(await site.AdministratorAsync(http.User.GetUserId(), ct).ThenAsync(grant => audit.ReadAsync(grant, new AuditFilter(action, actor, target, q, from, to, before, limit), ct))))
            .WithSummary("The audit log, newest first, filtered by `action`, `actor`, `target`, free text `q` and time (`from` inclusive, `to` exclusive); the next page with `before` = the answer's `nextBefore`");
        admin.MapGet("/audit/actions", async (HttpContext http, SiteAccess site, CancellationToken ct) =>
                ApiResults.Ok(await site.AdministratorAsync(http.User.GetUserId(), ct).MapAsync(_ => Task.FromResult(AuditActions.All))))
            .WithSummary("Every action the audit log records, for its filter");
        return api;
    }
}
