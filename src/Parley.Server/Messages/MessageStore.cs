using System.Globalization;
using Microsoft.Data.Sqlite;
using Parley.Infrastructure.Data;

namespace Parley.Messages;

/// <summary>A message as the store holds it, whether this batch wrote it or it was there already (a retried send).</summary>
public sealed record StoredMessage(
    long Id,
    long ConversationId,
    long AuthorId,
    MessageKind Kind,
    string Text,
    DateTime CreatedAt,
    string? ClientMessageId,
    IReadOnlyList<long> Mentions,
    bool MentionsRoom,
    long? ReplyToId,
    bool IsNew);

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

    public async Task<IReadOnlyList<StoredMessage>> WriteAsync(IReadOnlyList<NewMessage> batch, DateTime now)
    {
        var connection = await OpenAsync();
        var createdAt = now.ToString(TimestampFormat, CultureInfo.InvariantCulture);
        // Immediate (Microsoft.Data.Sqlite's default): take the write lock up front rather than fail half-way.
        await using var transaction = connection.BeginTransaction();
        foreach (var command in new[] { _insert, _insertMention, _findExisting, _findMentions })
        {
            command.Transaction = transaction;
        }

        var stored = new List<StoredMessage>(batch.Count);
        try
        {
            foreach (var message in batch)
            {
                stored.Add(await InsertAsync(message, now, createdAt) ?? await FindExistingAsync(message.AuthorId, message.ClientMessageId!));
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

    private async Task<StoredMessage?> InsertAsync(NewMessage message, DateTime now, string createdAt)
    {
        _insert.Parameters["$conversation"].Value = message.ConversationId;
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

        return new StoredMessage(id, message.ConversationId, message.AuthorId, message.Kind, message.Text, now, message.ClientMessageId, mentions, message.MentionsRoom, message.ReplyTo?.Id, IsNew: true);
    }

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
            ReplyToId: reader.IsDBNull(6) ? (long?)null : reader.GetInt64(6));
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

        return new StoredMessage(row.Id, row.ConversationId, authorId, row.Kind, row.Text, row.CreatedAt, clientMessageId, mentions, row.MentionsRoom, row.ReplyToId, IsNew: false);
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
            INSERT INTO Messages (ConversationId, AuthorId, Kind, Text, CreatedAt, ClientMessageId, MentionsRoom, ReplyToId)
            VALUES ($conversation, $author, $kind, $text, $createdAt, $clientId, $mentionsRoom, $replyTo)
            ON CONFLICT (AuthorId, ClientMessageId) WHERE ClientMessageId IS NOT NULL DO NOTHING
            RETURNING Id
            """, "$conversation", "$author", "$kind", "$text", "$createdAt", "$clientId", "$mentionsRoom", "$replyTo");
        _insertMention = Prepare(connection, "INSERT INTO Mentions (MessageId, UserId) VALUES ($message, $user)", "$message", "$user");
        _findExisting = Prepare(connection, """
            SELECT Id, ConversationId, Kind, Text, CreatedAt, MentionsRoom, ReplyToId FROM Messages
            WHERE AuthorId = $author AND ClientMessageId = $clientId
            """, "$author", "$clientId");
        _findMentions = Prepare(connection, "SELECT UserId FROM Mentions WHERE MessageId = $message ORDER BY UserId", "$message");
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
