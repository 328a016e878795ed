using Microsoft.EntityFrameworkCore;
using Parley.Infrastructure;
using Parley.Infrastructure.Data;

namespace Parley.Access;

/// <summary>The one place that decides whether a block stops someone from messaging in a direct conversation.</summary>
public sealed class Blocks(ParleyDb db)
{
    public static readonly ApiError AccountDeleted = ApiError.Conflict("account_deleted", "This person deleted their account: nobody will read messages sent here.");

    public static readonly ApiError BlockedByOther = ApiError.Forbidden("cannot_message", "You can't send messages to this person.");

    /// <summary>
    /// Null when <paramref name="senderId"/> may message the others; otherwise why not. Someone who blocked the sender
    /// stops them everywhere in direct messages; someone the sender blocked stops them in a one-to-one conversation,
    /// until they unblock.
    /// </summary>
    public async Task<ApiError?> CheckCanMessageAsync(long senderId, IReadOnlyCollection<long> others)
    {
        // In a group the others still read along; alone with a deleted account, a message would go nowhere.
        if (others.Count == 1 && await db.Users.AnyAsync(u => others.Contains(u.Id) && u.DeletedAt != null))
        {
            return AccountDeleted;
        }

        var blocks = await db.Blocks
            .Where(b => (b.BlockedId == senderId && others.Contains(b.BlockerId)) || (b.BlockerId == senderId && others.Contains(b.BlockedId)))
            .Select(b => new { b.BlockerId, b.BlockedId })
            .ToListAsync();
        if (blocks.Any(b => b.BlockedId == senderId))
        {
            return BlockedByOther;
        }

        if (others.Count == 1 && blocks.Count > 0)
        {
            // The name the client shows everywhere (its "Unblock …" button too), so the sentence and the button agree.
            var blockedName = await db.Users.Where(u => u.Id == blocks[0].BlockedId).Select(u => u.DisplayName).FirstAsync();
            return ApiError.Conflict("you_blocked", $"You blocked {blockedName}. Unblock them to send messages.");
        }

        return null;
    }
}
