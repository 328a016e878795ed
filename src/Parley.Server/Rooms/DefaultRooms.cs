using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Parley.Accounts;
using Parley.Infrastructure;
using Parley.Infrastructure.Data;

namespace Parley.Rooms;

/// <summary>
/// The public rooms every new account joins (Parley:DefaultRooms, "general" unless set; administrators change them at run time): the server creates each as
/// it starts when no public or password room has the name, and every registration joins them. A room the server made
/// before anyone registered is owned by the first account that joins it (docs/decisions/2026-12-01-default-rooms.md).
/// </summary>
public sealed partial class DefaultRooms(ParleyDb db, RoomActions actions, IOptionsSnapshot<ParleyOptions> options, TimeProvider clock, ILogger<DefaultRooms> logger)
    : INewAccountHandler
{
    public const string General = "general";

    private IReadOnlyList<string> Names => NamesFrom(options.Value.DefaultRooms);

    /// <summary>
    /// The configured names that make valid room names, in the form rooms store them, one per room name; not set:
    /// "general"; blank entries name nothing (an empty first entry is how a setting says "none").
    /// </summary>
    public static IReadOnlyList<string> NamesFrom(IEnumerable<string>? configured) =>
    [
        .. (configured ?? [General])
            .Where(name => !string.IsNullOrWhiteSpace(name))
            .Select(name => RoomRules.CheckName(name, out var normalized) is null ? normalized : null)
            .OfType<string>()
            .DistinctBy(NameText.Key, StringComparer.Ordinal),
    ];

    /// <summary>Creates the default rooms that do not exist yet: public, owned by the first account when there is one.</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        foreach (var name in options.Value.DefaultRooms ?? [General])
        {
            if (!string.IsNullOrWhiteSpace(name) && RoomRules.CheckName(name, out _) is { } error)
            {
                LogInvalidName(name, error);
            }
        }

        foreach (var name in Names)
        {
            var key = NameText.Key(name);
            var existing = await Discoverable(key).Select(c => (RoomVisibility?)c.Visibility).FirstOrDefaultAsync(cancellationToken);
            if (existing is { } visibility)
            {
                if (visibility != RoomVisibility.Public)
                {
                    LogNotPublic(name);
                }

                continue;
            }

            var now = clock.GetUtcNow().UtcDateTime;
            var firstAccount = await db.Users.OrderBy(u => u.Id).Select(u => (long?)u.Id).FirstOrDefaultAsync(cancellationToken);
            var room = new Conversation
            {
                Kind = ConversationKind.Room,
                Name = name,
                NameKey = key,
                Visibility = RoomVisibility.Public,
                CreatedById = firstAccount,
                CreatedAt = now,
            };
            if (firstAccount is { } ownerId)
            {
                room.Members.Add(new Membership { UserId = ownerId, Role = MemberRole.Owner, JoinedAt = now });
            }

            db.Conversations.Add(room);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                LogCreated(name, room.Id);
            }
            catch (DbUpdateException ex) when (ex.IsUniqueViolation())
            {
                // Another node starting at the same moment created it: the one-name index kept it to one.
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>The new account joins each default room that exists and is public.</summary>
    public async Task AccountCreatedAsync(long userId, CancellationToken cancellationToken)
    {
        foreach (var name in Names)
        {
            var roomId = await Discoverable(NameText.Key(name))
                .Where(c => c.Visibility == RoomVisibility.Public)
                .Select(c => (long?)c.Id)
                .FirstOrDefaultAsync(cancellationToken);
            if (roomId is { } id)
            {
                await actions.JoinDefaultRoomAsync(userId, id);
            }
        }
    }

    private IQueryable<Conversation> Discoverable(string nameKey) =>
        db.Conversations.Where(c => c.Kind == ConversationKind.Room && c.Visibility != RoomVisibility.Private && c.NameKey == nameKey);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the default room \"{Name}\" (id {RoomId}).")]
    private partial void LogCreated(string name, long roomId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The default room \"{Name}\" is password-protected: new accounts do not join it. Make it public, or take it out of Parley:DefaultRooms.")]
    private partial void LogNotPublic(string name);

    [LoggerMessage(Level = LogLevel.Error, Message = "Parley:DefaultRooms names \"{Name}\", which is not a valid room name: {Error}")]
    private partial void LogInvalidName(string name, string error);
}

/// <summary>Creates the default rooms as the server starts: after the database is migrated, before requests are served.</summary>
public sealed class DefaultRoomsAtStart(IServiceScopeFactory scopes) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DefaultRooms>().EnsureCreatedAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
