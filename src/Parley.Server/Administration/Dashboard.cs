using Microsoft.EntityFrameworkCore;
using Parley.Access;
using Parley.Events;
using Parley.Infrastructure.Data;

namespace Parley.Administration;

/// <summary>
/// The numbers on the console's dashboard. Messages per day are counted from the messages themselves; active users
/// per day from <see cref="DailyActivity"/> (written where each session is checked, SessionStore); connections now
/// from the live connection registry through <see cref="IPresence"/>; storage from the files' recorded sizes.
/// </summary>
public sealed class Dashboard(ParleyDb db, IPresence presence, TimeProvider clock)
{
    public const int Days = 30;

    public async Task<DashboardDto> ReadAsync(AdministratorGrant administrator, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var firstDay = DateOnly.FromDateTime(now).AddDays(-(Days - 1));
        var start = firstDay.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

        var messagesByDay = await db.Messages
            .Where(m => m.CreatedAt >= start && m.Kind == MessageKind.Text)
            .GroupBy(m => m.CreatedAt.Date)
            .Select(g => new { Day = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => DateOnly.FromDateTime(g.Day), g => g.Count, cancellationToken);
        var activeByDay = await db.DailyActivity
            .Where(a => a.Day >= firstDay)
            .GroupBy(a => a.Day)
            .Select(g => new { Day = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Day, g => g.Count, cancellationToken);
        var days = Enumerable.Range(0, Days)
            .Select(offset => firstDay.AddDays(offset))
            .Select(day => new DashboardDay(day, messagesByDay.GetValueOrDefault(day), activeByDay.GetValueOrDefault(day)))
            .ToList();

        var totals = new DashboardTotals(
            Users: await db.Users.CountAsync(cancellationToken),
            DeactivatedUsers: await db.Users.CountAsync(u => u.DeactivatedAt != null, cancellationToken),
            Rooms: await db.Conversations.CountAsync(c => c.Kind == ConversationKind.Room, cancellationToken),
            Messages: await db.Messages.CountAsync(m => m.Kind == MessageKind.Text && m.DeletedAt == null, cancellationToken),
            Files: await db.Files.CountAsync(f => f.StorageKey != null, cancellationToken));
        var storage = await db.Files.Where(f => f.StorageKey != null).SumAsync(f => (long?)f.Size, cancellationToken) ?? 0;
        return new DashboardDto(now, days, presence.ConnectionCount, presence.OnlineCount, storage, totals);
    }
}
