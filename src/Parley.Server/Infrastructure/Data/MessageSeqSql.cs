namespace Parley.Infrastructure.Data;

/// <summary>
/// Numbers the messages stored before messages had a <see cref="Message.Seq"/>: 1, 2, 3… per conversation in id order
/// (one writer assigned those ids in commit order), and sets each conversation's <see cref="Conversation.LastMessageSeq"/>
/// to its last. The same statements for SQLite (3.33 or later, for UPDATE … FROM) and PostgreSQL; run by both
/// providers' migrations, <see cref="NumberMessages"/> before the unique (ConversationId, Seq) index is created and
/// <see cref="SetLastMessageSeqs"/> after it, so that it reads the index.
/// </summary>
public static class MessageSeqSql
{
    public const string NumberMessages = """
        UPDATE "Messages" SET "Seq" = numbered."Seq"
        FROM (SELECT "Id", ROW_NUMBER() OVER (PARTITION BY "ConversationId" ORDER BY "Id") AS "Seq" FROM "Messages") AS numbered
        WHERE "Messages"."Id" = numbered."Id";
        """;

    public const string SetLastMessageSeqs = """
        UPDATE "Conversations" SET "LastMessageSeq" = COALESCE((SELECT MAX(m."Seq") FROM "Messages" m WHERE m."ConversationId" = "Conversations"."Id"), 0);
        """;
}
