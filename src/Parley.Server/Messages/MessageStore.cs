using System.Globalization;
using Microsoft.Data.Sqlite;
using Parley.Events;
using Parley.Files;
using Parley.Infrastructure.Data;
using Parley.Media;

namespace Parley.Messages;

/// <summary>A message as the store holds it, whether this batch wrote it or it was there already (a retried send).</summary>
public sealed record StoredMessage(
    long Id,
    long ConversationId,
    long Seq,
    long AuthorId,
    MessageKind Kind,
    string Text,
    DateTime CreatedAt,
    string? ClientMessageId,
    IReadOnlyList<long> Mentions,
    bool MentionsRoom,
    long? ReplyToId,
    bool IsNew,
    IReadOnlyList<AttachmentDto> Attachments)
{
    /// <summary>
    /// Not stored: a file it was to carry is no longer the sender's to attach (deleted, swept, sent in another message
    /// a moment ago). Only this message is refused; the rest of its batch is stored.
    /// </summary>
    public bool Refused { get; private init; }

    public static StoredMessage AttachmentsUnavailable(NewMessage message) =>
        new(0, message.ConversationId, 0, message.AuthorId, message.Kind, message.Text, default, message.ClientMessageId, [], false, null, IsNew: false, []) { Refused = true };
}

/// <summary>
/// Writes batches of messages in one transaction. Provider-specific (SQLite now, PostgreSQL later) because it is the
/// hot path: plain prepared statements on one connection, not an ORM's change tracking.
/// </summary>
public interface IMessageStore
{
    /// <summary>Stores the batch, all or nothing; a message whose author already stored its client id comes back as it was stored.</summary>
    Task<IReadOnlyList<StoredMessage>> WriteAsync(IReadOnlyList<NewMessage> batch, DateTime now);
}

/// <summary>
/// The seqs a batch gives its messages. Each conversation's <see cref="Conversation.LastMessageSeq"/> is raised by its
/// number of messages in the batch, in one statement that locks the conversations' rows (in id order, so that the
/// writers of two nodes cannot deadlock) until the commit: another writer storing into the same conversation waits
/// for this commit before it takes ids or seqs, so within a conversation ids, seqs and commits are in the same order.
/// A message not stored after all (a retry of a stored one, a refused upload) takes no seq; what is left unused is
/// handed back before the commit, so that seqs have no gaps.
/// </summary>
internal sealed class ReservedSeqs
{
    private readonly Dictionary<long, (long Next, long Reserved)> _conversations = [];

    /// <summary>How many messages the batch has for each conversation, in id order: the order to lock them in.</summary>
    public static SortedDictionary<long, int> CountByConversation(IReadOnlyList<NewMessage> batch)
    {
        var counts = new SortedDictionary<long, int>();
        foreach (var message in batch)
        {
            counts[message.ConversationId] = counts.GetValueOrDefault(message.ConversationId) + 1;
        }

        return counts;
    }

    /// <summary>The conversation's seq after reserving <paramref name="count"/>: the batch may give the <paramref name="count"/> before it.</summary>
    public void Reserved(long conversationId, long lastMessageSeq, int count) => _conversations[conversationId] = (lastMessageSeq - count + 1, lastMessageSeq);

    /// <summary>
    /// The seq the conversation's next stored message gets. A conversation with nothing reserved no longer exists
    /// (deleted a moment ago): the insert then fails on its foreign key, as without seqs.
    /// </summary>
    public long Next(long conversationId) => _conversations.TryGetValue(conversationId, out var seqs) ? seqs.Next : 1;

    /// <summary>The message given <see cref="Next"/> is stored: the one after it gets the next seq.</summary>
    public void Taken(long conversationId)
    {
        if (_conversations.TryGetValue(conversationId, out var seqs))
        {
            _conversations[conversationId] = (seqs.Next + 1, seqs.Reserved);
        }
    }

    /// <summary>Conversations that reserved more seqs than their stored messages took, with the last seq taken.</summary>
    public IEnumerable<(long ConversationId, long LastMessageSeq)> Unused() =>
        _conversations.Where(c => c.Value.Next <= c.Value.Reserved).Select(c => (c.Key, c.Value.Next - 1));
}

/// <summary>
/// The single writer's SQLite connection and statements, prepared once. Used only from the writer's loop, one
/// batch at a time. The idempotency rule is the unique (AuthorId, ClientMessageId) index itself: the insert skips
/// a duplicate and the stored copy is read back, so a retry costs nothing extra in the common case.
/// </summary>
internal sealed class SqliteMessageStore(ParleyDatabase database) : IMessageStore, IDisposable
{
    // The text form EF uses for DateTime in SQLite, so rows written here sort and read like every other.
    private const string TimestampFormat = "yyyy-MM-dd HH:mm:ss.FFFFFFF";

    private SqliteConnection? _connection;
    private SqliteCommand _insert = null!;
    private SqliteCommand _insertMention = null!;
    private SqliteCommand _findExisting = null!;
    private SqliteCommand _findMentions = null!;
    private SqliteCommand _attach = null!;
    private SqliteCommand _insertGif = null!;
    private SqliteCommand _findAttachments = null!;
    private SqliteCommand _reserveSeqs = null!;
    private SqliteCommand _handBackSeqs = null!;

    public async Task<IReadOnlyList<StoredMessage>> WriteAsync(IReadOnlyList<NewMessage> batch, DateTime now)
    {
        var connection = await OpenAsync();
        var createdAt = now.ToString(TimestampFormat, CultureInfo.InvariantCulture);
        // Immediate (Microsoft.Data.Sqlite's default): take the write lock up front rather than fail half-way.
        await using var transaction = connection.BeginTransaction();
        foreach (var command in new[] { _insert, _insertMention, _findExisting, _findMentions, _attach, _insertGif, _findAttachments, _reserveSeqs, _handBackSeqs })
        {
            command.Transaction = transaction;
        }

        var stored = new List<StoredMessage>(batch.Count);
        try
        {
            // SQLite has one writer at a time anyway; the seqs follow the same rule as on PostgreSQL all the same.
            var seqs = new ReservedSeqs();
            foreach (var (conversationId, count) in ReservedSeqs.CountByConversation(batch))
            {
                _reserveSeqs.Parameters["$conversation"].Value = conversationId;
                _reserveSeqs.Parameters["$count"].Value = count;
                if (await _reserveSeqs.ExecuteScalarAsync() is long last)
                {
                    seqs.Reserved(conversationId, last, count);
                }
            }

            foreach (var message in batch)
            {
                var seq = seqs.Next(message.ConversationId);
                var result = message.AttachmentIds is { Count: > 0 }
                    ? await InsertWithUploadsAsync(transaction, message, seq, now, createdAt)
                    : await InsertAsync(message, seq, now, createdAt) ?? await FindExistingAsync(message.AuthorId, message.ClientMessageId!);
                if (result.IsNew)
                {
                    seqs.Taken(message.ConversationId);
                }

                stored.Add(result);
            }

            foreach (var (conversationId, lastMessageSeq) in seqs.Unused())
            {
                _handBackSeqs.Parameters["$conversation"].Value = conversationId;
                _handBackSeqs.Parameters["$last"].Value = lastMessageSeq;
                await _handBackSeqs.ExecuteNonQueryAsync();
            }

            await transaction.CommitAsync();
            return stored;
        }
        catch
        {
            await transaction.RollbackAsync();
            throw;
        }
    }

    public void Dispose() => _connection?.Dispose();

    /// <summary>
    /// The message and its files together or not at all: each file must still be the sender's own unsent upload in this
    /// conversation as the transaction attaches it; if any is not, the savepoint undoes just this message.
    /// </summary>
    private async Task<StoredMessage> InsertWithUploadsAsync(SqliteTransaction transaction, NewMessage message, long seq, DateTime now, string createdAt)
    {
        const string savepoint = "attach";
        await transaction.SaveAsync(savepoint);
        if (await InsertAsync(message, seq, now, createdAt) is not { } inserted)
        {
            await transaction.ReleaseAsync(savepoint);
            return await FindExistingAsync(message.AuthorId, message.ClientMessageId!);
        }

        var attached = 0;
        for (var position = 0; position < message.AttachmentIds!.Count; position++)
        {
            _attach.Parameters["$message"].Value = inserted.Id;
            _attach.Parameters["$position"].Value = position;
            _attach.Parameters["$now"].Value = createdAt;
            _attach.Parameters["$publicId"].Value = message.AttachmentIds[position];
            _attach.Parameters["$author"].Value = message.AuthorId;
            _attach.Parameters["$conversation"].Value = message.ConversationId;
            attached += await _attach.ExecuteNonQueryAsync();
        }

        if (attached != message.AttachmentIds.Count)
        {
            await transaction.RollbackAsync(savepoint);
            await transaction.ReleaseAsync(savepoint);
            return StoredMessage.AttachmentsUnavailable(message);
        }

        await transaction.ReleaseAsync(savepoint);
        return inserted with { Attachments = await FindAttachmentsAsync(inserted.Id) };
    }

    private async Task<StoredMessage?> InsertAsync(NewMessage message, long seq, DateTime now, string createdAt)
    {
        _insert.Parameters["$conversation"].Value = message.ConversationId;
        _insert.Parameters["$seq"].Value = seq;
        _insert.Parameters["$author"].Value = message.AuthorId;
        _insert.Parameters["$kind"].Value = (int)message.Kind;
        _insert.Parameters["$text"].Value = message.Text;
        _insert.Parameters["$createdAt"].Value = createdAt;
        _insert.Parameters["$clientId"].Value = (object?)message.ClientMessageId ?? DBNull.Value;
        _insert.Parameters["$mentionsRoom"].Value = message.MentionsRoom;
        _insert.Parameters["$replyTo"].Value = (object?)message.ReplyTo?.Id ?? DBNull.Value;
        if (await _insert.ExecuteScalarAsync() is not long id)
        {
            return null; // this author already stored this client id
        }

        var mentions = message.MentionedUserIds ?? [];
        foreach (var userId in mentions)
        {
            _insertMention.Parameters["$message"].Value = id;
            _insertMention.Parameters["$user"].Value = userId;
            await _insertMention.ExecuteNonQueryAsync();
        }

        IReadOnlyList<AttachmentDto> attachments = message.Gif is { } gif ? [await InsertGifAsync(id, message, gif, createdAt)] : [];
        return new StoredMessage(id, message.ConversationId, seq, message.AuthorId, message.Kind, message.Text, now, message.ClientMessageId, mentions, message.MentionsRoom, message.ReplyTo?.Id, IsNew: true, attachments);
    }

    /// <summary>A GIF is a file row like any, without stored bytes: its URLs are the provider's.</summary>
    private async Task<AttachmentDto> InsertGifAsync(long messageId, NewMessage message, NewGif gif, string createdAt)
    {
        var publicId = Attachments.NewPublicId();
        var name = FileNames.Clean(gif.Title.Length == 0 ? "GIF" : gif.Title);
        foreach (var (parameter, value) in new (string, object)[]
        {
            ("$publicId", publicId), ("$conversation", message.ConversationId), ("$author", message.AuthorId), ("$message", messageId),
            ("$kind", (int)FileKind.Gif), ("$name", name), ("$url", gif.Url), ("$preview", gif.PreviewUrl), ("$provider", gif.Provider),
            ("$width", gif.Width), ("$height", gif.Height), ("$now", createdAt),
        })
        {
            _insertGif.Parameters[parameter].Value = value;
        }

        await _insertGif.ExecuteNonQueryAsync();
        return Attachments.Dto(publicId, (int)FileKind.Gif, name, "image/gif", 0, false, gif.Width, gif.Height, null, null, gif.Url, gif.PreviewUrl, gif.Provider);
    }

    private async Task<IReadOnlyList<AttachmentDto>> FindAttachmentsAsync(long messageId)
    {
        _findAttachments.Parameters["$message"].Value = messageId;
        var attachments = new List<AttachmentDto>();
        await using var reader = await _findAttachments.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            attachments.Add(Attachments.Dto(reader.GetString(0), reader.GetInt32(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4), reader.GetBoolean(5),
                OptionalInt(reader, 6), OptionalInt(reader, 7), OptionalInt(reader, 8), OptionalText(reader, 9), OptionalText(reader, 10), OptionalText(reader, 11), OptionalText(reader, 12)));
        }

        return attachments;
    }

    private static int? OptionalInt(SqliteDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetInt32(i);

    private static string? OptionalText(SqliteDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetString(i);

    private async Task<StoredMessage> FindExistingAsync(long authorId, string clientMessageId)
    {
        _findExisting.Parameters["$author"].Value = authorId;
        _findExisting.Parameters["$clientId"].Value = clientMessageId;
        await using var reader = await _findExisting.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            throw new InvalidOperationException($"Message {clientMessageId} of user {authorId} was neither inserted nor found.");
        }

        var id = reader.GetInt64(0);
        var row = (Id: id, ConversationId: reader.GetInt64(1), Kind: (MessageKind)reader.GetInt32(2), Text: reader.GetString(3),
            CreatedAt: DateTime.SpecifyKind(DateTime.Parse(reader.GetString(4), CultureInfo.InvariantCulture), DateTimeKind.Utc), MentionsRoom: reader.GetBoolean(5),
            ReplyToId: reader.IsDBNull(6) ? (long?)null : reader.GetInt64(6), Seq: reader.GetInt64(7));
        await reader.DisposeAsync();

        _findMentions.Parameters["$message"].Value = id;
        var mentions = new List<long>();
        await using (var mentionReader = await _findMentions.ExecuteReaderAsync())
        {
            while (await mentionReader.ReadAsync())
            {
                mentions.Add(mentionReader.GetInt64(0));
            }
        }

        return new StoredMessage(row.Id, row.ConversationId, row.Seq, authorId, row.Kind, row.Text, row.CreatedAt, clientMessageId, mentions, row.MentionsRoom, row.ReplyToId, IsNew: false,
            await FindAttachmentsAsync(id));
    }

    private async Task<SqliteConnection> OpenAsync()
    {
        if (_connection is not null)
        {
            return _connection;
        }

        var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA foreign_keys = ON;";
            await pragma.ExecuteNonQueryAsync();
        }

        await SqliteBusyWait.ApplyAsync(connection);

        _insert = Prepare(connection, """
            INSERT INTO Messages (ConversationId, Seq, AuthorId, Kind, Text, CreatedAt, ClientMessageId, MentionsRoom, ReplyToId)
            VALUES ($conversation, $seq, $author, $kind, $text, $createdAt, $clientId, $mentionsRoom, $replyTo)
            ON CONFLICT (AuthorId, ClientMessageId) WHERE ClientMessageId IS NOT NULL DO NOTHING
            RETURNING Id
            """, "$conversation", "$seq", "$author", "$kind", "$text", "$createdAt", "$clientId", "$mentionsRoom", "$replyTo");
        _insertMention = Prepare(connection, "INSERT INTO Mentions (MessageId, UserId) VALUES ($message, $user)", "$message", "$user");
        _findExisting = Prepare(connection, """
            SELECT Id, ConversationId, Kind, Text, CreatedAt, MentionsRoom, ReplyToId, Seq FROM Messages
            WHERE AuthorId = $author AND ClientMessageId = $clientId
            """, "$author", "$clientId");
        _findMentions = Prepare(connection, "SELECT UserId FROM Mentions WHERE MessageId = $message ORDER BY UserId", "$message");
        _attach = Prepare(connection, """
            UPDATE Files SET MessageId = $message, Position = $position, AttachedAt = $now
            WHERE PublicId = $publicId AND UploaderId = $author AND ConversationId = $conversation AND MessageId IS NULL
            """, "$message", "$position", "$now", "$publicId", "$author", "$conversation");
        _insertGif = Prepare(connection, """
            INSERT INTO Files (PublicId, ConversationId, UploaderId, MessageId, Position, Kind, Name, ContentType, Size, ExternalUrl, PreviewUrl, Provider, Width, Height, CreatedAt, AttachedAt)
            VALUES ($publicId, $conversation, $author, $message, 0, $kind, $name, 'image/gif', 0, $url, $preview, $provider, $width, $height, $now, $now)
            """, "$publicId", "$conversation", "$author", "$message", "$kind", "$name", "$url", "$preview", "$provider", "$width", "$height", "$now");
        _findAttachments = Prepare(connection, """
            SELECT PublicId, Kind, Name, ContentType, Size, ThumbnailKey IS NOT NULL, Width, Height, DurationMs, Waveform, ExternalUrl, PreviewUrl, Provider
            FROM Files WHERE MessageId = $message ORDER BY Position
            """, "$message");
        _reserveSeqs = Prepare(connection, """
            UPDATE Conversations SET LastMessageSeq = LastMessageSeq + $count WHERE Id = $conversation RETURNING LastMessageSeq
            """, "$conversation", "$count");
        _handBackSeqs = Prepare(connection, "UPDATE Conversations SET LastMessageSeq = $last WHERE Id = $conversation", "$conversation", "$last");
        return _connection = connection;
    }

    private static SqliteCommand Prepare(SqliteConnection connection, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        return command;
    }
}
