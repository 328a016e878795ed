using Microsoft.EntityFrameworkCore;
using Parley.Audit;
using Parley.Infrastructure;
using Parley.Infrastructure.Data;

namespace Parley.Accounts;

/// <summary>
/// Who administers the server. The first account on a fresh server does, so whoever set it up can run it from the
/// web app; the shell (<see cref="AdminCommand"/>) and the admin console make more.
/// </summary>
public sealed partial class Administrators(ParleyDb db, Microsoft.AspNetCore.Identity.UserManager<User> users, AuditLog audit, ILogger<Administrators> logger)
{
    public static readonly ApiError UserNotFound = ApiError.NotFound("user_not_found", "There is no account with this username.");

    public static readonly ApiError LastAdministrator = ApiError.Conflict("last_administrator",
        "This is the server's only active administrator. Make someone else an administrator first.");

    /// <summary>
    /// Makes the account an administrator if it is the server's first. One statement decides, so of two accounts
    /// registering at once on a fresh server exactly one (the lower id) becomes administrator.
    /// </summary>
    public async Task<bool> PromoteIfFirstAccountAsync(long userId)
    {
        var promoted = await db.Users
            .Where(u => u.Id == userId && !db.Users.Any(other => other.Id < userId))
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.IsAdmin, true));
        if (promoted == 1)
        {
            LogFirstAdministrator(userId);
        }

        return promoted == 1;
    }

    public async Task<Result<User>> SetAsync(string username, bool isAdmin, AuditActor actor)
    {
        var user = await users.FindByNameAsync(username.Trim());
        return user is null ? UserNotFound : await SetAsync(user, isAdmin, actor);
    }

    public async Task<Result<User>> SetAsync(User user, bool isAdmin, AuditActor actor)
    {
        if (user.IsAdmin == isAdmin)
        {
            return user;
        }

        if (!isAdmin && !await db.Users.AnyAsync(u => u.Id != user.Id && u.IsAdmin && u.DeactivatedAt == null))
        {
            return LastAdministrator;
        }

        await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.IsAdmin, isAdmin));
        user.IsAdmin = isAdmin;
        await audit.RecordAsync(isAdmin ? AuditActions.AdminGranted : AuditActions.AdminRevoked, actor, AuditTarget.User(user.Id, user.UserName));
        return user;
    }

    /// <summary>Says in the log how to fix a server nobody administers (one upgraded from before there were administrators).</summary>
    public async Task WarnIfNoneAsync()
    {
        if (await db.Users.AnyAsync() && !await db.Users.AnyAsync(u => u.IsAdmin && u.DeactivatedAt == null))
        {
            LogNoAdministrator();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} is the server's first account and its administrator")]
    private partial void LogFirstAdministrator(long userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "This server has no administrator. Make one from the shell: dotnet run --project src/Parley.Server -- admin grant <username> (or: Parley.Server admin grant <username>)")]
    private partial void LogNoAdministrator();
}

/// <summary>
/// <c>admin grant &lt;username&gt;</c> and <c>admin revoke &lt;username&gt;</c>: run against the server's database (same
/// settings as the server), then exit. For the owner of the machine, who may not have an account that can do it in
/// the web app (a server upgraded from before there were administrators, or every administrator locked out).
/// </summary>
public static class AdminCommand
{
    public static bool Matches(string[] args) => args is ["admin", ..];

    /// <summary>The arguments left for the configuration (e.g. --Parley:DataDirectory=…) once the command's words are taken.</summary>
    public static string[] SettingsArguments(string[] args) => args is ["admin", _, _, .. var rest] ? rest : [];

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output)
    {
        if (args is not ["admin", var verb and ("grant" or "revoke"), var username, ..])
        {
            await output.WriteLineAsync("Usage: admin grant <username> | admin revoke <username>");
            return 2;
        }

        await using var scope = services.CreateAsyncScope();
        var administrators = scope.ServiceProvider.GetRequiredService<Administrators>();
        var result = await administrators.SetAsync(username, verb == "grant", AuditActor.CommandLine);
        if (!result.IsSuccess)
        {
            await output.WriteLineAsync(result.Error!.Detail);
            return 1;
        }

        await output.WriteLineAsync(verb == "grant"
            ? $"{result.Value!.UserName} is now an administrator."
            : $"{result.Value!.UserName} is no longer an administrator.");
        return 0;
    }
}
