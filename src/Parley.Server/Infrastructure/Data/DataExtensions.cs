using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Options;

namespace Parley.Infrastructure.Data;

public static class DataExtensions
{
    private static readonly SqliteBusyWaitInterceptor BusyWait = new();

    /// <summary>
    /// Registers the database and the key ring. SQLite (the default): a file under the data folder unless a connection
    /// string is given. PostgreSQL: the connection string ConnectionStrings:Parley.
    /// </summary>
    public static WebApplicationBuilder AddParleyData(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(ParleyOptions.Section).Get<ParleyOptions>() ?? new ParleyOptions();
        var dataDirectory = Path.GetFullPath(options.DataDirectory);
        Directory.CreateDirectory(dataDirectory);

        var connectionString = builder.Configuration.GetConnectionString("Parley");
        var provider = options.Database.Provider;
        if (ParleyDatabase.IsPostgresConfigured(builder.Configuration))
        {
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new InvalidOperationException("Parley:Database:Provider is postgres: set ConnectionStrings:Parley to the PostgreSQL database.");
            }

            builder.Services.AddSingleton(new ParleyDatabase(connectionString, ParleyOptions.DatabaseOptions.Postgres));
            builder.Services.AddDbContextPool<ParleyDb, PostgresParleyDb>(db => db
                .UseNpgsql(connectionString, npgsql => npgsql.UseQuerySplittingBehavior(QuerySplittingBehavior.SingleQuery))
                .UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking)
                .ConfigureWarnings(warnings => warnings.Ignore(RelationalEventId.PendingModelChangesWarning)));
        }
        else if (string.Equals(provider, ParleyOptions.DatabaseOptions.Sqlite, StringComparison.OrdinalIgnoreCase))
        {
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                connectionString = new SqliteConnectionStringBuilder
                {
                    DataSource = Path.Combine(dataDirectory, "parley.db"),
                    Pooling = true,
                }.ToString();
            }

            builder.Services.AddSingleton(new ParleyDatabase(connectionString, ParleyOptions.DatabaseOptions.Sqlite));
            // Pooled: a hub call or request borrows a context instead of building one (every hub call uses several).
            builder.Services.AddDbContextPool<ParleyDb, SqliteParleyDb>(db => db
                // A message's mentions and reactions are read in the same statement as the message: they are few per
                // message, so the joined rows stay small, and one statement beats three on the history path.
                .UseSqlite(connectionString, sqlite => sqlite.UseQuerySplittingBehavior(QuerySplittingBehavior.SingleQuery))
                .UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking)
                // Comparing the model with the migrations builds the whole model twice, a third of the start-up time; the
                // tests make that check (DatabaseModelTests) before anything ships, so a start need not repeat it.
                .ConfigureWarnings(warnings => warnings.Ignore(RelationalEventId.PendingModelChangesWarning))
                .AddInterceptors(BusyWait));
        }
        else
        {
            throw new InvalidOperationException($"Parley:Database:Provider is \"{provider}\": it must be \"sqlite\" or \"postgres\".");
        }

        // Persisted keys keep cookies and tokens valid across restarts; in the database, so every node has them.
        builder.Services.AddDataProtection().SetApplicationName("Parley");
        builder.Services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(services =>
            new ConfigureOptions<KeyManagementOptions>(keys => keys.XmlRepository = new DatabaseKeyRing(services.GetRequiredService<IServiceScopeFactory>())));

        return builder;
    }

    /// <summary>
    /// Applies pending migrations before the server accepts requests; an upgrade only ever adds. Several nodes
    /// starting at once on one PostgreSQL database take turns (<see cref="MigrationLock"/>): the first migrates and
    /// fixes the data, the others then find nothing left to do.
    /// </summary>
    public static async Task MigrateDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();
        await using (await MigrationLock.TakeAsync(scope.ServiceProvider.GetRequiredService<ParleyDatabase>()))
        {
            // EF reads the history table before creating it, and logs the failure on a new PostgreSQL database as an
            // error (dotnet/efcore#37328): an operator's first start would show one. Created first, nothing fails.
            await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync();
            await db.Database.MigrateAsync();
            await DatabaseKeyRing.ImportFolderAsync(db, Path.GetFullPath(app.Services.GetRequiredService<IOptions<ParleyOptions>>().Value.DataDirectory),
                app.Services.GetRequiredService<ILoggerFactory>().CreateLogger<DatabaseKeyRing>());
            await RoomNameKeys.FillAsync(db);
        }

        if (db.Database.IsSqlite())
        {
            // WAL lets readers run beside the single writer. synchronous stays FULL (the default): a commit is on disk.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        }
    }
}

/// <summary>Where the database is, for the few components that talk to it below EF (the message writer).</summary>
public sealed record ParleyDatabase(string ConnectionString, string Provider)
{
    public bool IsPostgres => Provider == ParleyOptions.DatabaseOptions.Postgres;

    /// <summary>For what must be chosen while services are registered, before <see cref="ParleyDatabase"/> exists.</summary>
    public static bool IsPostgresConfigured(IConfiguration configuration) =>
        string.Equals(configuration[$"{ParleyOptions.Section}:Database:Provider"], ParleyOptions.DatabaseOptions.Postgres, StringComparison.OrdinalIgnoreCase);
}
