using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Parley.Infrastructure;
using Parley.Infrastructure.Data;

namespace Parley.Audit;

/// <summary>Who did something: a signed-in person and where from, someone not signed in, or the server's own command line.</summary>
public sealed record AuditActor(long? Id, string? Name, string? IpAddress)
{
    /// <summary>The shell (<c>admin grant</c>): whoever can run commands on the machine.</summary>
    public static readonly AuditActor CommandLine = new(null, "(command line)", null);

    /// <summary>The caller of a request; signed out, only the address.</summary>
    public static AuditActor Of(HttpContext http)
    {
        var id = long.TryParse(http.User.FindFirstValue(ClaimTypes.NameIdentifier), System.Globalization.CultureInfo.InvariantCulture, out var userId) ? userId : (long?)null;
        return new(id, id is null ? null : http.User.FindFirstValue(ClaimTypes.Name), http.ClientAddress());
    }

    public static AuditActor Of(HttpContext http, long userId, string? userName) => new(userId, userName, http.ClientAddress());
}

/// <summary>What an action was done to.</summary>
public sealed record AuditTarget(string Type, string? Id, string? Name)
{
    public static AuditTarget User(long id, string? userName) => new("user", id.ToString(System.Globalization.CultureInfo.InvariantCulture), userName);

    public static AuditTarget Room(long id, string? name) => new("room", id.ToString(System.Globalization.CultureInfo.InvariantCulture), name);

    public static AuditTarget Message(long id) => new("message", id.ToString(System.Globalization.CultureInfo.InvariantCulture), null);

    public static AuditTarget Setting(string name) => new("setting", name, name);
}

public sealed class AuditOptions
{
    public const string Section = "Parley:Audit";

    /// <summary>How long lines are kept; older ones are deleted once a day. Zero or less: kept forever.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(365);
}

/// <summary>
/// Writes the audit log. Each line is saved on its own, outside the caller's unit of work, so a refused request
/// (a failed sign-in) is recorded all the same; it is also written to the server log, for a log shipper.
/// </summary>
public sealed partial class AuditLog(IServiceScopeFactory scopes, TimeProvider clock, ILogger<AuditLog> logger)
{
    public async Task RecordAsync(string action, AuditActor actor, AuditTarget? target = null, string? details = null)
    {
        var entry = new AuditEntry
        {
            At = clock.GetUtcNow().UtcDateTime,
            Action = action,
            ActorId = actor.Id,
            ActorName = Cap(actor.Name, 64),
            IpAddress = Cap(actor.IpAddress, 45),
            TargetType = target?.Type,
            TargetId = Cap(target?.Id, 64),
            TargetName = Cap(target?.Name, 128),
            Details = Cap(details, 1000),
        };
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();
        db.AuditLog.Add(entry);
        // Not the request's token: a client that hangs up must not erase the record of what it did.
        await db.SaveChangesAsync(CancellationToken.None);
        LogEntry(action, actor.Name ?? "(signed out)", actor.Id, actor.IpAddress, target?.Type, target?.Id, target?.Name, details);
    }

    private static string? Cap(string? text, int length) => text is { } t && t.Length > length ? t[..length] : text;

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit: {Action} by {ActorName} ({ActorId}) from {IpAddress} on {TargetType} {TargetId} {TargetName}: {Details}")]
    private partial void LogEntry(string action, string actorName, long? actorId, string? ipAddress, string? targetType, string? targetId, string? targetName, string? details);
}

/// <summary>Deletes lines older than <see cref="AuditOptions.Retention"/>, at start and then once a day.</summary>
public sealed partial class AuditRetention(IServiceScopeFactory scopes, IOptions<AuditOptions> options, TimeProvider clock, ILogger<AuditRetention> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromDays(1), clock);
        do
        {
            await DeleteExpiredAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task<int> DeleteExpiredAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Retention <= TimeSpan.Zero)
        {
            return 0;
        }

        var cutoff = clock.GetUtcNow().UtcDateTime - options.Value.Retention;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();
        var deleted = await db.AuditLog.Where(e => e.At < cutoff).ExecuteDeleteAsync(cancellationToken);
        if (deleted > 0)
        {
            LogDeleted(deleted, cutoff);
        }

        return deleted;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit log: {Count} line(s) older than {Cutoff:u} deleted")]
    private partial void LogDeleted(int count, DateTime cutoff);
}

public static class AuditSetup
{
    public static WebApplicationBuilder AddAudit(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<AuditOptions>(builder.Configuration.GetSection(AuditOptions.Section));
        builder.Services.AddSingleton<AuditLog>();
        builder.Services.AddSingleton<AuditRetention>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<AuditRetention>());
        return builder;
    }
}
