using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Parley.Accounts;
using Parley.Infrastructure.Data;
using Parley.Realtime;

namespace Parley.Messages;

public sealed record NewMessage(
    long ConversationId,
    long AuthorId,
    MessageKind Kind,
    string Text,
    string? ClientMessageId = null,
    IReadOnlyList<long>? MentionedUserIds = null,
    bool MentionsRoom = false);

/// <summary>
/// The single writer of messages. Concurrent sends queue here and are committed together in one transaction
/// (group commit: one disk flush for many messages); ids are therefore assigned in commit order, and a reader
/// paging with "after id N" can never miss a message committed later with a smaller id. A send completes only
/// after its commit — acknowledged means stored — and each new message is then published in id order.
/// </summary>
public sealed partial class MessageWriter(IServiceScopeFactory scopes, IEventBus bus, TimeProvider clock, ILogger<MessageWriter> logger) : BackgroundService
{
    private const int MaxBatchSize = 256;

    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Stores the message (or finds the one already stored under its client id) and returns it.</summary>
    public Task<MessageDto> WriteAsync(NewMessage message)
    {
        var pending = new PendingWrite(message, new TaskCompletionSource<MessageDto>(TaskCreationOptions.RunContinuationsAsynchronously));
        return _queue.Writer.TryWrite(pending)
            ? pending.Completion.Task
            : Task.FromException<MessageDto>(new InvalidOperationException("The server is shutting down; the message was not stored. Send it again in a moment."));
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        // Refuse new sends but finish everything already accepted before the host stops.
        _queue.Writer.TryComplete();
        return base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<PendingWrite>(MaxBatchSize);
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            batch.Clear();
            while (batch.Count < MaxBatchSize && _queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            await WriteBatchAsync(batch);
        }
    }

    private async Task WriteBatchAsync(IReadOnlyList<PendingWrite> batch)
    {
        List<(PendingWrite Pending, MessageDto Stored, bool IsNew)> results;
        try
        {
            results = await PersistAsync(batch);
        }
        catch (Exception ex) when (batch.Count > 1)
        {
            // One bad message (say, its room was deleted a moment ago) must not fail the others: retry one by one.
            LogBatchRetry(ex, batch.Count);
            foreach (var pending in batch)
            {
                await WriteBatchAsync([pending]);
            }

            return;
        }
        catch (Exception ex)
        {
            LogWriteFailed(ex, batch[0].Message.ConversationId);
            batch[0].Completion.TrySetException(ex);
            return;
        }

        foreach (var (_, stored, isNew) in results)
        {
            if (isNew)
            {
                await bus.PublishAsync(new MessageCreated(stored));
            }
        }

        foreach (var (pending, stored, _) in results)
        {
            pending.Completion.TrySetResult(stored);
        }
    }

    private async Task<List<(PendingWrite, MessageDto, bool)>> PersistAsync(IReadOnlyList<PendingWrite> batch)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();

        var existing = await FindAlreadyStoredAsync(db, batch);
        var authors = await db.Users
            .Where(u => batch.Select(p => p.Message.AuthorId).Distinct().Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => new UserSummary(u.Id, u.UserName!, u.DisplayName));

        var now = clock.GetUtcNow().UtcDateTime;
        var inserted = new Dictionary<(long, string), Message>();
        var rows = new List<(PendingWrite Pending, Message Row, bool IsNew)>(batch.Count);
        foreach (var pending in batch)
        {
            var m = pending.Message;
            var key = m.ClientMessageId is null ? default : (m.AuthorId, m.ClientMessageId);
            if (m.ClientMessageId is not null && (existing.TryGetValue(key, out var found) || inserted.TryGetValue(key, out found)))
            {
                rows.Add((pending, found, false));
                continue;
            }

            var row = new Message
            {
                ConversationId = m.ConversationId,
                AuthorId = m.AuthorId,
                Kind = m.Kind,
                Text = m.Text,
                ClientMessageId = m.ClientMessageId,
                CreatedAt = now,
                MentionsRoom = m.MentionsRoom,
                Mentions = [.. (m.MentionedUserIds ?? []).Select(id => new MessageMention { UserId = id })],
            };
            db.Messages.Add(row);
            if (m.ClientMessageId is not null)
            {
                inserted[key] = row;
            }

            rows.Add((pending, row, true));
        }

        await db.SaveChangesAsync();

        return [.. rows.Select(r => (r.Pending, ToDto(r.Row, authors), r.IsNew))];
    }

    private static async Task<Dictionary<(long, string), Message>> FindAlreadyStoredAsync(ParleyDb db, IReadOnlyList<PendingWrite> batch)
    {
        var keyed = batch.Where(p => p.Message.ClientMessageId is not null).Select(p => p.Message).ToList();
        if (keyed.Count == 0)
        {
            return [];
        }

        var authorIds = keyed.Select(m => m.AuthorId).Distinct().ToList();
        var clientIds = keyed.Select(m => m.ClientMessageId!).Distinct().ToList();
        var candidates = await db.Messages
            .Include(m => m.Mentions)
            .Where(m => m.ClientMessageId != null && clientIds.Contains(m.ClientMessageId) && authorIds.Contains(m.AuthorId))
            .ToListAsync();
        return candidates.ToDictionary(m => (m.AuthorId, m.ClientMessageId!));
    }

    private static MessageDto ToDto(Message row, Dictionary<long, UserSummary> authors) =>
        new(row.Id, row.ConversationId, authors[row.AuthorId], row.Text, row.CreatedAt, row.Kind, row.ClientMessageId,
            [.. row.Mentions.Select(m => m.UserId)], row.MentionsRoom);

    private sealed record PendingWrite(NewMessage Message, TaskCompletionSource<MessageDto> Completion);

    [LoggerMessage(LogLevel.Warning, "A batch of {Count} messages failed; storing them one by one")]
    private partial void LogBatchRetry(Exception ex, int count);

    [LoggerMessage(LogLevel.Error, "Storing a message in conversation {ConversationId} failed")]
    private partial void LogWriteFailed(Exception ex, long conversationId);
}
