using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Parley.Infrastructure.Data.Migrations.Postgres
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
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "LastMessageSeq",
                table: "Conversations",
                type: "bigint",
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

            migrationBuilder.DropColumn(
                name: "Seq",
                table: "Messages");

            migrationBuilder.DropColumn(
                name: "LastMessageSeq",
                table: "Conversations");
        }
    }
}
