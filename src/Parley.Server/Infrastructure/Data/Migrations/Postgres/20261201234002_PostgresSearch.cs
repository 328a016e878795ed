using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Parley.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PostgresSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(PostgresMessageSearchSql.Create);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(PostgresMessageSearchSql.Drop);
        }
    }
}
