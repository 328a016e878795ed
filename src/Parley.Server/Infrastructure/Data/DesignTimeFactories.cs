using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Parley.Infrastructure.Data;

/// <summary>Lets `dotnet ef` build the SQLite model without starting the server (docs/migrations.md).</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteParleyDb>
{
    public SqliteParleyDb CreateDbContext(string[] args)
    {
        // Identity reads its schema version (Version3: passkeys) from IdentityOptions in the application's services;
        // the server sets it in AddAccounts, and the tools must build the same model.
        var identity = new ServiceCollection()
            .Configure<IdentityOptions>(options => options.Stores.SchemaVersion = IdentitySchemaVersions.Version3)
            .BuildServiceProvider();
        return new(new DbContextOptionsBuilder<SqliteParleyDb>().UseSqlite("Data Source=design-time.db").UseApplicationServiceProvider(identity).Options);
    }
}
