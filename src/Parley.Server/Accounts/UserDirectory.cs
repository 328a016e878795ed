using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Parley.Events;
using Parley.Infrastructure.Data;

namespace Parley.Accounts;

/// <summary>
/// How people appear next to their messages, kept in memory for the message writer's hot path. Display names and
/// pictures change only through the accounts feature, which announces each change (<see cref="UserUpdated"/>): every
/// node's directory takes the new summary from the event.
/// </summary>
public sealed class UserDirectory(IServiceScopeFactory scopes) : IEventSubscriber
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
            foreach (var user in await db.Users.Where(u => missing.Contains(u.Id)).Select(u => new UserSummary(u.Id, u.UserName!, u.DisplayName, u.AvatarVersion)).ToListAsync())
            {
                // Never over an entry an event put there meanwhile: this read may have started before that change.
                _users.TryAdd(user.Id, user);
            }
        }

        return wanted.ToDictionary(id => id, id => _users[id]);
    }

    public Task HandleAsync(ChatEvent chatEvent, CancellationToken cancellationToken)
    {
        if (chatEvent is UserUpdated e)
        {
            _users[e.Profile.User.Id] = e.Profile.User;
        }
        else if (chatEvent is CatchUpRequested)
        {
            _users.Clear(); // the bus was away: any profile may have changed unannounced
        }

        return Task.CompletedTask;
    }
}
