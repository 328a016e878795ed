using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Parley.Events;
using Parley.Infrastructure.Data;

namespace Parley.Accounts;

/// <summary>
/// How people appear next to their messages, kept in memory for the message writer's hot path. Usernames and
/// display names only change through the accounts feature, which must call <see cref="Forget"/> when they do.
/// </summary>
public sealed class UserDirectory(IServiceScopeFactory scopes)
{
    private readonly ConcurrentDictionary<long, UserSummary> _users = new();

    public async ValueTask<IReadOnlyDictionary<long, UserSummary>> GetAsync(IEnumerable<long> userIds)
    {
        var wanted = userIds.Distinct().ToList();
        var missing = wanted.Where(id => !_users.ContainsKey(id)).ToList();
        if (missing.Count > 0)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();
            foreach (var user in await db.Users.Where(u => missing.Contains(u.Id)).Select(u => new UserSummary(u.Id, u.UserName!, u.DisplayName)).ToListAsync())
            {
                _users[user.Id] = user;
            }
        }

        return wanted.ToDictionary(id => id, id => _users[id]);
    }

    public void Forget(long userId) => _users.TryRemove(userId, out _);
}
