using Microsoft.EntityFrameworkCore;

namespace Parley.Infrastructure.Data;

/// <summary>
/// For a transaction that checks a limit and then writes ("at most 50 pins", "at most 20 different reactions", "the
/// upload quota"): the lock that makes the check still true at commit. On SQLite there is nothing to do, since
/// Microsoft.Data.Sqlite begins every transaction IMMEDIATE and so holds the database's one write lock from the start.
/// PostgreSQL lets writers run side by side under READ COMMITTED, so two requests (on one node or two) would both count
/// 49 pins and both pin; locking the row that owns the limit first makes the second wait until the first commits and
/// then count again. FOR NO KEY UPDATE is the same lock the message writer takes on a conversation, so one lock order
/// (conversation first, then its messages) holds for both and they cannot deadlock.
/// </summary>
public static class WriteLocks
{
    /// <summary>Serialises the limit checks of one conversation (pins, reactions) until the transaction ends.</summary>
    public static Task LockConversationAsync(this ParleyDb db, long conversationId, CancellationToken cancellationToken) =>
        db.Database.IsNpgsql()
            ? db.Database.ExecuteSqlInterpolatedAsync($"""SELECT 1 FROM "Conversations" WHERE "Id" = {conversationId} FOR NO KEY UPDATE""", cancellationToken)
            : Task.CompletedTask;

    /// <summary>Serialises the limit checks of one person (their upload quota) until the transaction ends.</summary>
    public static Task LockUserAsync(this ParleyDb db, long userId, CancellationToken cancellationToken) =>
        db.Database.IsNpgsql()
            ? db.Database.ExecuteSqlInterpolatedAsync($"""SELECT 1 FROM "AspNetUsers" WHERE "Id" = {userId} FOR NO KEY UPDATE""", cancellationToken)
            : Task.CompletedTask;
}
