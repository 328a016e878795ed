using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Parley.Infrastructure.Data;

/// <summary>Let `dotnet ef` build each provider's model without starting the server (docs/migrations.md).</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteParleyDb>
{
    public SqliteParleyDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteParleyDb>().UseSqlite("Data Source=design-time.db").Options);
}

/// <summary>No server is contacted: `migrations add` and `dbcontext optimize` only need the provider.</summary>
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresParleyDb>
{
    public PostgresParleyDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresParleyDb>().UseNpgsql("Host=localhost;Database=parley_design_time").Options);
}
