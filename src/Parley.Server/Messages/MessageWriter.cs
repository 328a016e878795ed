using System.Threading.Channels;
using Parley.Accounts;
using Parley.Events;
using Parley.Infrastructure;
using Parley.Infrastructure.Data;

namespace Parley.Messages;

public sealed record NewMessage(
    long ConversationId,
    long AuthorId,
    MessageKind Kind,
    string Text,
    string? ClientMessageId = null,
    IReadOnlyList<long>? MentionedUserIds = null,
    bool MentionsRoom = false,
    ReplyPreviewDto? ReplyTo = null,
    IReadOnlyList<string>? AttachmentIds = null,
    NewGif? Gif = null);

/// <summary>A GIF chosen in the picker, as its catalog described it (URLs on the provider's media hosts only).</summary>
public sealed record NewGif(string Title, string Url, int Width, int Height, string PreviewUrl, string Provider);

/// <summary>
/// The single writer of messages (one per node). Concurrent sends queue here and are committed together in one
/// transaction (group commit: one disk flush for many messages). The store locks the batch's conversations before it
/// inserts, so within a conversation ids and seqs are assigned in commit order even with several nodes writing, and a
/// reader paging with "after id N" can never miss a message committed later with a smaller id. A send completes only
/// after its commit — acknowledged means stored. Publishing runs beside the writer, one batch after another in
/// commit order, so the next batch is being stored while the last one is being delivered.
/// </summary>
public sealed partial class MessageWriter(IMessageStore store, UserDirectory users, IEventBus bus, TimeProvider clock, ILogger<MessageWriter> logger) : BackgroundService
{
    private const int MaxBatchSize = 256;

    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<IReadOnlyList<MessageDto>> _committed = Channel.CreateUnbounded<IReadOnlyList<MessageDto>>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    /// <summary>Stores the message (or finds the one already stored under its client id) and returns it.</summary>
    public Task<MessageDto> WriteAsync(NewMessage message)
    {
        var pending = new PendingWrite(message, new TaskCompletionSource<MessageDto>(TaskCreationOptions.RunContinuationsAsynchronously));
        return _queue.Writer.TryWrite(pending)
            ? pending.Completion.Task
            : Task.FromException<MessageDto>(new Infrastructure.Observability.ServerStoppingException());
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        // Refuse new sends but finish everything already accepted before the host stops.
        _queue.Writer.TryComplete();
        return base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var publishing = Task.Run(PublishCommittedAsync, CancellationToken.None);
        var batch = new List<PendingWrite>(MaxBatchSize);
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            batch.Clear();
            while (batch.Count < MaxBatchSize && _queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            using var commit = Infrastructure.Observability.ParleyMetrics.MeasureCommit(batch.Count);
            await WriteBatchAsync(batch);
        }

        _committed.Writer.TryComplete();
        await publishing;
    }

    private async Task PublishCommittedAsync()
    {
        await foreach (var messages in _committed.Reader.ReadAllAsync(CancellationToken.None))
        {
            Infrastructure.Observability.ParleyMetrics.MessagesStored(messages.Count);
            foreach (var message in messages)
            {
                await bus.PublishAsync(new MessageCreated(message));
            }
        }
    }

    private async Task WriteBatchAsync(IReadOnlyList<PendingWrite> batch)
    {
        IReadOnlyList<StoredMessage> stored;
        IReadOnlyDictionary<long, UserSummary> authors;
        try
        {
            stored = await store.WriteAsync([.. batch.Select(p => p.Message)], clock.GetUtcNow().UtcDateTime);
            authors = await users.GetAsync(stored.Select(m => m.AuthorId));
        }
        catch (Exception ex) when (DatabaseOutage.IsOutage(ex))
        {
            // Retrying one by one would only fail again: every sender hears at once that it may try again shortly.
            LogDatabaseUnavailable(batch.Count, ex.GetBaseException().Message);
            foreach (var pending in batch)
            {
                pending.Completion.TrySetException(ex);
            }

            return;
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

        // The quoted original was read when the reply was checked, so the writer need not read it again.
        var messages = stored.Select((m, i) => new MessageDto(m.Id, m.ConversationId, m.Seq, authors[m.AuthorId], m.Text, m.CreatedAt, m.Kind, m.ClientMessageId, m.Mentions, m.MentionsRoom,
            EditedAt: null, Deleted: false, ReplyTo: m.ReplyToId == batch[i].Message.ReplyTo?.Id ? batch[i].Message.ReplyTo : null, Reactions: [], Pinned: null, ChangeSeq: 0, m.Attachments)).ToList();
        _committed.Writer.TryWrite([.. messages.Where((_, i) => stored[i].IsNew)]);
        for (var i = 0; i < batch.Count; i++)
        {
            // A retry is the same message sent again; a client id reused for anything else is refused, never acknowledged.
            if (stored[i].Refused)
            {
                batch[i].Completion.TrySetException(new AttachmentsUnavailableException());
            }
            else if (!stored[i].IsNew && (stored[i].ConversationId != batch[i].Message.ConversationId || stored[i].Text != batch[i].Message.Text
                || stored[i].ReplyToId != batch[i].Message.ReplyTo?.Id || !SameUploads(stored[i], batch[i].Message)))
            {
                batch[i].Completion.TrySetException(new ClientMessageIdReusedException());
            }
            else
            {
                batch[i].Completion.TrySetResult(messages[i]);
            }
        }
    }

    /// <summary>A retry names the same uploads as the stored message carries (a GIF's row is made by the send, so it has no id to compare).</summary>
    private static bool SameUploads(StoredMessage stored, NewMessage retry) =>
        retry.AttachmentIds is not { Count: > 0 } ids || stored.Attachments.Select(a => a.Id).SequenceEqual(ids, StringComparer.Ordinal);

    private sealed record PendingWrite(NewMessage Message, TaskCompletionSource<MessageDto> Completion);

    [LoggerMessage(LogLevel.Warning, "{Count} messages were not stored: the database cannot be reached ({Reason}); their senders were told to retry")]
    private partial void LogDatabaseUnavailable(int count, string reason);

    [LoggerMessage(LogLevel.Warning, "A batch of {Count} messages failed; storing them one by one")]
    private partial void LogBatchRetry(Exception ex, int count);

    [LoggerMessage(LogLevel.Error, "Storing a message in conversation {ConversationId} failed")]
    private partial void LogWriteFailed(Exception ex, long conversationId);
}

/// <summary>A file the message was to carry is not (or no longer) the sender's unsent upload in its conversation.</summary>
public sealed class AttachmentsUnavailableException() : InvalidOperationException("A file to attach is not the sender's unsent upload in this conversation.");

/// <summary>The sender already stored a different message under this client message id.</summary>
public sealed class ClientMessageIdReusedException() : InvalidOperationException("This clientMessageId was already used for a different message.");
