using Microsoft.EntityFrameworkCore;

namespace Parley.Infrastructure.Data;

/// <summary>
/// Fills <see cref="Conversation.NameKey"/> for rooms created before it existed. The key is computed in .NET
/// (<see cref="NameText.Key"/>: NFC, full Unicode upper case), which no SQL function reproduces, so it is done here,
/// as the server starts, rather than in the migration. Where two public or password rooms turn out to share a
/// name, the later one gets its id appended ("General (42)"), as the one-name rule now requires.
/// </summary>
public static class RoomNameKeys
{
    public static async Task FillAsync(ParleyDb db, CancellationToken cancellationToken = default)
    {
        var missing = await db.Conversations.AsTracking()
            .Where(c => c.Kind == ConversationKind.Room && c.NameKey == null)
            .OrderBy(c => c.Id)
            .ToListAsync(cancellationToken);
        if (missing.Count == 0)
        {
            return;
        }

        var taken = (await db.Conversations
                .Where(c => c.Kind == ConversationKind.Room && c.Visibility != RoomVisibility.Private && c.NameKey != null)
                .Select(c => c.NameKey!)
                .ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.Ordinal);
        foreach (var room in missing)
        {
            var key = NameText.Key(room.Name);
            if (room.Visibility != RoomVisibility.Private && !taken.Add(key))
            {
                room.Name = $"{room.Name} ({room.Id})";
                key = NameText.Key(room.Name);
                taken.Add(key);
            }

            room.NameKey = key;
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
