using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Parley.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RichMessages : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "ChangeSeq",
                table: "Messages",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<DateTime>(
                name: "DeletedAt",
                table: "Messages",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "EditedAt",
                table: "Messages",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "PinnedAt",
                table: "Messages",
                type: "TEXT",
                nullable: true);

            // Added with their constraints in place: adding a foreign key to an existing table makes EF rebuild the
            // whole table (every message copied), and the rebuild would drop the search triggers with it.
            migrationBuilder.Sql("ALTER TABLE Messages ADD COLUMN DeletedById INTEGER NULL REFERENCES AspNetUsers (Id) ON DELETE SET NULL;");
            migrationBuilder.Sql("ALTER TABLE Messages ADD COLUMN PinnedById INTEGER NULL REFERENCES AspNetUsers (Id) ON DELETE SET NULL;");
            migrationBuilder.Sql("ALTER TABLE Messages ADD COLUMN ReplyToId INTEGER NULL REFERENCES Messages (Id) ON DELETE SET NULL;");

            migrationBuilder.AddColumn<long>(
                name: "LastChangeSeq",
                table: "Conversations",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateTable(
                name: "Reactions",
                columns: table => new
                {
                    MessageId = table.Column<long>(type: "INTEGER", nullable: false),
                    UserId = table.Column<long>(type: "INTEGER", nullable: false),
                    Emoji = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Reactions", x => new { x.MessageId, x.UserId, x.Emoji });
                    table.ForeignKey(
                        name: "FK_Reactions_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Reactions_Messages_MessageId",
                        column: x => x.MessageId,
                        principalTable: "Messages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Messages_Changes",
                table: "Messages",
                columns: new[] { "ConversationId", "ChangeSeq" },
                filter: "\"ChangeSeq\" > 0");

            migrationBuilder.CreateIndex(
                name: "IX_Messages_DeletedById",
                table: "Messages",
                column: "DeletedById",
                filter: "\"DeletedById\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Messages_PinnedById",
                table: "Messages",
                column: "PinnedById",
                filter: "\"PinnedById\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Messages_Pins",
                table: "Messages",
                columns: new[] { "ConversationId", "PinnedAt" },
                filter: "\"PinnedAt\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Messages_ReplyToId",
                table: "Messages",
                column: "ReplyToId",
                filter: "\"ReplyToId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Reactions_UserId",
                table: "Reactions",
                column: "UserId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Reactions");

            migrationBuilder.DropIndex(
                name: "IX_Messages_Changes",
                table: "Messages");

            migrationBuilder.DropIndex(
                name: "IX_Messages_DeletedById",
                table: "Messages");

            migrationBuilder.DropIndex(
                name: "IX_Messages_PinnedById",
                table: "Messages");

            migrationBuilder.DropIndex(
                name: "IX_Messages_Pins",
                table: "Messages");

            migrationBuilder.DropIndex(
                name: "IX_Messages_ReplyToId",
                table: "Messages");

            // SQLite drops these columns in place; EF would rebuild the table (and lose the search triggers with it).
            foreach (var column in new[] { "ChangeSeq", "DeletedAt", "DeletedById", "EditedAt", "PinnedAt", "PinnedById", "ReplyToId" })
            {
                migrationBuilder.Sql($"ALTER TABLE Messages DROP COLUMN {column};");
            }

            migrationBuilder.Sql("ALTER TABLE Conversations DROP COLUMN LastChangeSeq;");
        }
    }
}
