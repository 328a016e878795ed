using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Parley.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SessionIpAddress : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "IpAddress",
                table: "Sessions",
                type: "TEXT",
                maxLength: 45,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "IpAddress",
                table: "Sessions");
        }
    }
}
