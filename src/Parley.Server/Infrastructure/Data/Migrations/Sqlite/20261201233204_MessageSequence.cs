using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Parley.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class MessageSequence : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "Seq",
                table: "Messages",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "LastMessageSeq",
                table: "Conversations",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.Sql(MessageSeqSql.NumberMessages);

            migrationBuilder.CreateIndex(
                name: "IX_Messages_ConversationId_Seq",
                table: "Messages",
                columns: new[] { "ConversationId", "Seq" },
                unique: true);

            migrationBuilder.Sql(MessageSeqSql.SetLastMessageSeqs);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Messages_ConversationId_Seq",
                table: "Messages");

            // SQLite drops these columns in place; EF would rebuild the table (and lose the search triggers with it).
            migrationBuilder.Sql("ALTER TABLE Messages DROP COLUMN Seq;");
            migrationBuilder.Sql("ALTER TABLE Conversations DROP COLUMN LastMessageSeq;");
        }
    }
}
