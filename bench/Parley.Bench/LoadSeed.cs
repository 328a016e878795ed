using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Parley.Accounts;
using Parley.Infrastructure.Data;

namespace Parley.Bench;

/// <summary>
/// Prepares a fresh database for the load scenarios (bench/load): users, the rooms each scenario uses and their
/// memberships, and one access token per user. Tokens come from the server's own token service rather than
/// POST /api/auth/token, whose password check (PBKDF2, about 86 ms of CPU here) would cost minutes for thousands
/// of users; the driver still signs a sample in through the endpoint.
/// </summary>
internal static class LoadSeed
{
    public const string Password = "load test password 1";

    /// <summary>Every load user is in this many mix rooms of <see cref="MixRoomSize"/> (scenario 5).</summary>
    public const int MixRoomsPerUser = 5;
    public const int MixRoomSize = 50;

    public static async Task RunAsync(IServiceProvider services, int users, string outputFile, TextWriter log)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();
        var now = DateTime.UtcNow;
        var hash = new PasswordHasher<User>().HashPassword(new User(), Password);

        db.Users.AddRange(Enumerable.Range(0, users).Select(i => NewUser(i, hash, now)));
        await db.SaveChangesAsync();
        var userIds = await db.Users.OrderBy(u => u.Id).Select(u => u.Id).ToListAsync();

        // Scenario rooms: 1–2 ten rooms of 20; 3 one room of 500; 4 a hundred rooms for idle connections; 5 mix rooms of 50.
        var steps = await CreateRoomsAsync(db, "steps", 10, userIds[0], now);
        var fanout = await CreateRoomsAsync(db, "fanout", 1, userIds[0], now);
        var idle = await CreateRoomsAsync(db, "idle", 100, userIds[0], now);
        var mixRoomCount = Math.Max(MixRoomsPerUser, users * MixRoomsPerUser / MixRoomSize);
        var mix = await CreateRoomsAsync(db, "mix", mixRoomCount, userIds[0], now);

        var memberships = new HashSet<(long Room, long User)>();
        for (var i = 0; i < Math.Min(200, users); i++)
        {
            memberships.Add((steps[i % steps.Count], userIds[i]));
        }

        for (var i = 0; i < Math.Min(500, users); i++)
        {
            memberships.Add((fanout[0], userIds[i]));
        }

        for (var i = 0; i < Math.Min(1_000, users); i++)
        {
            memberships.Add((idle[i % idle.Count], userIds[i]));
        }

        var mixRoomsOfUser = new List<long[]>();
        for (var i = 0; i < users; i++)
        {
            var rooms = MixRooms(i, mix);
            mixRoomsOfUser.Add(rooms);
            foreach (var room in rooms)
            {
                memberships.Add((room, userIds[i]));
            }
        }

        db.Memberships.AddRange(memberships.Select(m => new Membership
        {
            ConversationId = m.Room,
            UserId = m.User,
            Role = m.User == userIds[0] ? MemberRole.Owner : MemberRole.Member,
            JoinedAt = now,
        }));
        await db.SaveChangesAsync();
        await log.WriteLineAsync($"  seeded {users:N0} users, {steps.Count + fanout.Count + idle.Count + mix.Count} rooms, {memberships.Count:N0} memberships");

        var tokens = scope.ServiceProvider.GetRequiredService<AccessTokens>();
        var accounts = new List<object>(users);
        foreach (var user in await db.Users.AsTracking().OrderBy(u => u.Id).ToListAsync())
        {
            var token = await tokens.IssueAsync(user, "parley-load-seed");
            accounts.Add(new { id = user.Id, username = user.UserName, token = token.AccessToken });
        }

        await File.WriteAllTextAsync(outputFile, JsonSerializer.Serialize(new
        {
            password = Password,
            users = accounts,
            rooms = new { steps, fanout, idle, mix },
            mixRoomsOfUser,
        }));
        await log.WriteLineAsync($"  wrote {users:N0} tokens to {outputFile}");
    }

    /// <summary>User i's mix rooms: spread so that every mix room gets about <see cref="MixRoomSize"/> members.</summary>
    private static long[] MixRooms(int user, List<long> mix)
    {
        var stride = Math.Max(1, mix.Count / MixRoomsPerUser);
        return [.. Enumerable.Range(0, MixRoomsPerUser).Select(k => mix[((user % mix.Count) + (k * stride)) % mix.Count]).Distinct()];
    }

    private static User NewUser(int i, string hash, DateTime now)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"load{i:D5}");
        return new User
        {
            UserName = name,
            NormalizedUserName = name.ToUpperInvariant(),
            Email = $"{name}@load.example",
            NormalizedEmail = $"{name}@load.example".ToUpperInvariant(),
            DisplayName = name,
            PasswordHash = hash,
            SecurityStamp = Guid.NewGuid().ToString("N"),
            ConcurrencyStamp = Guid.NewGuid().ToString(),
            LockoutEnabled = true,
            CreatedAt = now,
        };
    }

    private static async Task<List<long>> CreateRoomsAsync(ParleyDb db, string prefix, int count, long ownerId, DateTime now)
    {
        var rooms = Enumerable.Range(0, count).Select(i => new Conversation
        {
            Kind = ConversationKind.Room,
            Name = string.Create(CultureInfo.InvariantCulture, $"{prefix}-{i}"),
            NameKey = Infrastructure.NameText.Key(string.Create(CultureInfo.InvariantCulture, $"{prefix}-{i}")),
            Visibility = RoomVisibility.Public,
            CreatedById = ownerId,
            CreatedAt = now,
        }).ToList();
        db.Conversations.AddRange(rooms);
        await db.SaveChangesAsync();
        return [.. rooms.Select(r => r.Id)];
    }
}
