using System.Data;
using Npgsql;
using NpgsqlTypes;
using Parley.Events;
using Parley.Files;
using Parley.Infrastructure.Data;
using Parley.Media;

namespace Parley.Messages;

/// <summary>
/// The single writer's PostgreSQL connection and statements: the same statements and rules as
/// <see cref="SqliteMessageStore"/> (idempotency by the unique (AuthorId, ClientMessageId) index, a savepoint per
/// message with uploads), in PostgreSQL's dialect. Unlike SQLite, PostgreSQL does not serialise writers: the attach
/// statement's "MessageId IS NULL" condition is re-checked on the locked row, so two sends of one upload still attach
/// it once. Several nodes' writers may store into one conversation at once: <see cref="ReserveSeqsAsync"/> is what keeps
/// its ids and seqs in commit order. A connection broken by a database restart is replaced on the next batch instead of
/// failing every later one.
/// </summary>
internal sealed class PostgresMessageStore(ParleyDatabase database) : IMessageStore, IDisposable
{
    private NpgsqlConnection? _connection;

    public async Task<IReadOnlyList<StoredMessage>> WriteAsync(IReadOnlyList<NewMessage> batch, DateTime now)
    {
        var connection = await OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var stored = new List<StoredMessage>(batch.Count);
        try
        {
            var seqs = await ReserveSeqsAsync(connection, transaction, batch);
            foreach (var message in batch)
            {
                var seq = seqs.Next(message.ConversationId);
                var result = message.AttachmentIds is { Count: > 0 }
                    ? await InsertWithUploadsAsync(connection, transaction, message, seq, now)
                    : await InsertAsync(connection, transaction, message, seq, now) ?? await FindExistingAsync(connection, transaction, message.AuthorId, message.ClientMessageId!);
                if (result.IsNew)
                {
                    seqs.Taken(message.ConversationId);
                }

                stored.Add(result);
            }

            foreach (var (conversationId, lastMessageSeq) in seqs.Unused())
            {
                await using var handBack = Command(connection, transaction, """UPDATE "Conversations" SET "LastMessageSeq" = @last WHERE "Id" = @conversation""",
                    ("last", lastMessageSeq), ("conversation", conversationId));
                await handBack.ExecuteNonQueryAsync();
            }

            await transaction.CommitAsync();
            return stored;
        }
        catch
        {
            if (connection.State == ConnectionState.Open)
            {
                await transaction.RollbackAsync();
            }

            throw;
        }
    }

    public void Dispose() => _connection?.Dispose();

    /// <summary>
    /// Raises each conversation's LastMessageSeq by its number of messages in the batch, in one statement, before
    /// any message is inserted. The rows stay locked until the commit, so another node's writer storing into one of
    /// these conversations waits here until this batch is committed, and only then takes its ids (from the table's
    /// sequence) and seqs: in a conversation, a smaller id is always committed first. The rows are locked in id order
    /// (the sort is below the lock), so two writers with overlapping conversations never wait for each other in a circle.
    /// </summary>
    private static async Task<ReservedSeqs> ReserveSeqsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<NewMessage> batch)
    {
        var counts = ReservedSeqs.CountByConversation(batch);
        await using var reserve = Command(connection, transaction, """
            WITH wanted AS (SELECT * FROM unnest(@conversations, @counts) AS w("Id", "Count")),
            locked AS (
                SELECT c."Id" FROM "Conversations" c JOIN wanted w ON w."Id" = c."Id"
                ORDER BY c."Id" FOR NO KEY UPDATE OF c)
            UPDATE "Conversations" c SET "LastMessageSeq" = c."LastMessageSeq" + w."Count"
            FROM locked l JOIN wanted w ON w."Id" = l."Id"
            WHERE c."Id" = l."Id"
            RETURNING c."Id", c."LastMessageSeq", w."Count"
            """, ("conversations", counts.Keys.ToArray()), ("counts", counts.Values.Select(c => (long)c).ToArray()));
        var seqs = new ReservedSeqs();
        await using var reader = await reserve.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            seqs.Reserved(reader.GetInt64(0), reader.GetInt64(1), (int)reader.GetInt64(2));
        }

        return seqs;
    }

    private static async Task<StoredMessage> InsertWithUploadsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, NewMessage message, long seq, DateTime now)
    {
        const string savepoint = "attach";
        await transaction.SaveAsync(savepoint);
        if (await InsertAsync(connection, transaction, message, seq, now) is not { } inserted)
        {
            await transaction.ReleaseAsync(savepoint);
            return await FindExistingAsync(connection, transaction, message.AuthorId, message.ClientMessageId!);
        }

        var attached = 0;
        for (var position = 0; position < message.AttachmentIds!.Count; position++)
        {
            await using var attach = Command(connection, transaction, """
                UPDATE "Files" SET "MessageId" = @message, "Position" = @position, "AttachedAt" = @now
                WHERE "PublicId" = @publicId AND "UploaderId" = @author AND "ConversationId" = @conversation AND "MessageId" IS NULL
                """,
                ("message", inserted.Id), ("position", position), ("now", now), ("publicId", message.AttachmentIds[position]),
                ("author", message.AuthorId), ("conversation", message.ConversationId));
            attached += await attach.ExecuteNonQueryAsync();
        }

        if (attached != message.AttachmentIds.Count)
        {
            await transaction.RollbackAsync(savepoint);
            await transaction.ReleaseAsync(savepoint);
            return StoredMessage.AttachmentsUnavailable(message);
        }

        await transaction.ReleaseAsync(savepoint);
        return inserted with { Attachments = await FindAttachmentsAsync(connection, transaction, inserted.Id) };
    }

    private static async Task<StoredMessage?> InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, NewMessage message, long seq, DateTime now)
    {
        await using var insert = Command(connection, transaction, """
            INSERT INTO "Messages" ("ConversationId", "Seq", "AuthorId", "Kind", "Text", "CreatedAt", "ClientMessageId", "MentionsRoom", "ReplyToId", "ChangeSeq")
            VALUES (@conversation, @seq, @author, @kind, @text, @createdAt, @clientId, @mentionsRoom, @replyTo, 0)
            ON CONFLICT ("AuthorId", "ClientMessageId") WHERE "ClientMessageId" IS NOT NULL DO NOTHING
            RETURNING "Id"
            """,
            ("conversation", message.ConversationId), ("seq", seq), ("author", message.AuthorId), ("kind", (int)message.Kind), ("text", message.Text),
            ("createdAt", now), ("clientId", (object?)message.ClientMessageId ?? DBNull.Value), ("mentionsRoom", message.MentionsRoom),
            ("replyTo", (object?)message.ReplyTo?.Id ?? DBNull.Value));
        // ChangeSeq is written out: SQLite's column got its default from the migration that added it, a default the
        // model does not carry, so the PostgreSQL table (created from the model) has none.
        // Typed: a null parameter alone tells PostgreSQL nothing about its type.
        insert.Parameters["clientId"].NpgsqlDbType = NpgsqlDbType.Varchar;
        insert.Parameters["replyTo"].NpgsqlDbType = NpgsqlDbType.Bigint;
        if (await insert.ExecuteScalarAsync() is not long id)
        {
            return null; // this author already stored this client id
        }

        var mentions = message.MentionedUserIds ?? [];
        foreach (var userId in mentions)
        {
            await using var mention = Command(connection, transaction, """INSERT INTO "Mentions" ("MessageId", "UserId") VALUES (@message, @user)""",
                ("message", id), ("user", userId));
            await mention.ExecuteNonQueryAsync();
        }

        IReadOnlyList<AttachmentDto> attachments = message.Gif is { } gif ? [await InsertGifAsync(connection, transaction, id, message, gif, now)] : [];
        return new StoredMessage(id, message.ConversationId, seq, message.AuthorId, message.Kind, message.Text, now, message.ClientMessageId, mentions, message.MentionsRoom, message.ReplyTo?.Id, IsNew: true, attachments);
    }

    /// <summary>A GIF is a file row like any, without stored bytes: its URLs are the provider's.</summary>
    private static async Task<AttachmentDto> InsertGifAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long messageId, NewMessage message, NewGif gif, DateTime now)
    {
        var publicId = Attachments.NewPublicId();
        var name = FileNames.Clean(gif.Title.Length == 0 ? "GIF" : gif.Title);
        await using var insert = Command(connection, transaction, """
            INSERT INTO "Files" ("PublicId", "ConversationId", "UploaderId", "MessageId", "Position", "Kind", "Name", "ContentType", "Size", "ExternalUrl", "PreviewUrl", "Provider", "Width", "Height", "CreatedAt", "AttachedAt")
            VALUES (@publicId, @conversation, @author, @message, 0, @kind, @name, 'image/gif', 0, @url, @preview, @provider, @width, @height, @now, @now)
            """,
            ("publicId", publicId), ("conversation", message.ConversationId), ("author", message.AuthorId), ("message", messageId),
            ("kind", (int)FileKind.Gif), ("name", name), ("url", gif.Url), ("preview", gif.PreviewUrl), ("provider", gif.Provider),
            ("width", gif.Width), ("height", gif.Height), ("now", now));
        await insert.ExecuteNonQueryAsync();
        return Attachments.Dto(publicId, (int)FileKind.Gif, name, "image/gif", 0, false, gif.Width, gif.Height, null, null, gif.Url, gif.PreviewUrl, gif.Provider);
    }

    private static async Task<IReadOnlyList<AttachmentDto>> FindAttachmentsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long messageId)
    {
        await using var find = Command(connection, transaction, """
            SELECT "PublicId", "Kind", "Name", "ContentType", "Size", "ThumbnailKey" IS NOT NULL, "Width", "Height", "DurationMs", "Waveform", "ExternalUrl", "PreviewUrl", "Provider"
            FROM "Files" WHERE "MessageId" = @message ORDER BY "Position"
            """, ("message", messageId));
        var attachments = new List<AttachmentDto>();
        await using var reader = await find.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            attachments.Add(Attachments.Dto(reader.GetString(0), reader.GetInt32(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4), reader.GetBoolean(5),
                OptionalInt(reader, 6), OptionalInt(reader, 7), OptionalInt(reader, 8), OptionalText(reader, 9), OptionalText(reader, 10), OptionalText(reader, 11), OptionalText(reader, 12)));
        }

        return attachments;
    }

    private static int? OptionalInt(NpgsqlDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetInt32(i);

    private static string? OptionalText(NpgsqlDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetString(i);

    private static async Task<StoredMessage> FindExistingAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long authorId, string clientMessageId)
    {
        long id;
        (long ConversationId, MessageKind Kind, string Text, DateTime CreatedAt, bool MentionsRoom, long? ReplyToId, long Seq) row;
        await using (var find = Command(connection, transaction, """
            SELECT "Id", "ConversationId", "Kind", "Text", "CreatedAt", "MentionsRoom", "ReplyToId", "Seq" FROM "Messages"
            WHERE "AuthorId" = @author AND "ClientMessageId" = @clientId
            """, ("author", authorId), ("clientId", clientMessageId)))
        await using (var reader = await find.ExecuteReaderAsync())
        {
            if (!await reader.ReadAsync())
            {
                throw new InvalidOperationException($"Message {clientMessageId} of user {authorId} was neither inserted nor found.");
            }

            id = reader.GetInt64(0);
            row = (reader.GetInt64(1), (MessageKind)reader.GetInt32(2), reader.GetString(3),
                DateTime.SpecifyKind(reader.GetDateTime(4), DateTimeKind.Utc), reader.GetBoolean(5), reader.IsDBNull(6) ? null : reader.GetInt64(6), reader.GetInt64(7));
        }

        var mentions = new List<long>();
        await using (var findMentions = Command(connection, transaction, """SELECT "UserId" FROM "Mentions" WHERE "MessageId" = @message ORDER BY "UserId" """, ("message", id)))
        await using (var reader = await findMentions.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                mentions.Add(reader.GetInt64(0));
            }
        }

        return new StoredMessage(id, row.ConversationId, row.Seq, authorId, row.Kind, row.Text, row.CreatedAt, clientMessageId, mentions, row.MentionsRoom, row.ReplyToId, IsNew: false,
            await FindAttachmentsAsync(connection, transaction, id));
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        if (_connection is { State: ConnectionState.Open })
        {
            return _connection;
        }

        if (_connection is not null)
        {
            await _connection.DisposeAsync();
            _connection = null;
        }

        var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        return _connection = connection;
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, params (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }
}
