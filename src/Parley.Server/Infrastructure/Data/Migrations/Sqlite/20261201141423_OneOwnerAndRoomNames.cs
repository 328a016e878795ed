using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Parley.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class OneOwnerAndRoomNames : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "NameKey",
                table: "Conversations",
                type: "TEXT",
                maxLength: 320,
                nullable: true);

            // Concurrent hand-overs could leave a room with several owners: the earliest to join (normally its creator)
            // stays the owner, the others become admins, so that the one-owner index can exist.
            migrationBuilder.Sql("""
                UPDATE Memberships SET Role = 1
                WHERE Role = 2 AND EXISTS (
                    SELECT 1 FROM Memberships AS other
                    WHERE other.ConversationId = Memberships.ConversationId AND other.Role = 2
                      AND (other.JoinedAt < Memberships.JoinedAt OR (other.JoinedAt = Memberships.JoinedAt AND other.UserId < Memberships.UserId)));
                """);

            // NameKey is filled by the server as it starts (RoomNameKeys), in the form only .NET computes; until then
            // it is NULL, which the unique index allows any number of times.
            migrationBuilder.CreateIndex(
                name: "IX_Memberships_OneOwner",
                table: "Memberships",
                column: "ConversationId",
                unique: true,
                filter: "\"Role\" = 2");

            migrationBuilder.CreateIndex(
                name: "IX_Conversations_DiscoverableRoomName",
                table: "Conversations",
                column: "NameKey",
                unique: true,
                filter: "\"Kind\" = 1 AND \"Visibility\" <> 2");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Memberships_OneOwner",
                table: "Memberships");

            migrationBuilder.DropIndex(
                name: "IX_Conversations_DiscoverableRoomName",
                table: "Conversations");

            migrationBuilder.DropColumn(
                name: "NameKey",
                table: "Conversations");
        }
    }
}
