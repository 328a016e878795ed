using System.Globalization;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Npgsql;
using Parley.Infrastructure.Data;

namespace Parley.Infrastructure.Operations;

/// <summary>
/// <c>database copy-to-postgres "&lt;connection string&gt;"</c> and <c>database backup &lt;folder&gt;</c>: run against the
/// server's data (same settings as the server, e.g. --Parley:DataDirectory=…), then exit. docs/operations.md tells
/// when to use which.
/// </summary>
public static class DatabaseCommand
{
    private const string Usage = """
        Usage:
          database copy-to-postgres "<PostgreSQL connection string>"   move this SQLite server's data into an empty PostgreSQL database
          database backup <folder>                                     online backup of a SQLite server into a new folder
        """;

    public static bool Matches(string[] args) => args is ["database", ..];

    /// <summary>The arguments left for the configuration (e.g. --Parley:DataDirectory=…) once the command's words are taken.</summary>
    public static string[] SettingsArguments(string[] args) => args is ["database", _, _, .. var rest] ? rest : [];

    /// <summary>0 done, 1 refused or failed (with a sentence saying why), 2 not understood.</summary>
    public static async Task<int> RunAsync(WebApplication tool, string[] args, TextWriter output)
    {
        var database = tool.Services.GetRequiredService<ParleyDatabase>();
        switch (args)
        {
            case ["database", "copy-to-postgres", var target, ..] when !target.StartsWith("--", StringComparison.Ordinal):
                if (database.IsPostgres)
                {
                    await output.WriteLineAsync("This server's database is PostgreSQL already: copy-to-postgres moves a SQLite server's data.");
                    return 1;
                }

                return await CopyToPostgresAsync(tool, target, output);
            case ["database", "backup", var folder, ..] when !folder.StartsWith("--", StringComparison.Ordinal):
                if (database.IsPostgres)
                {
                    await output.WriteLineAsync("This server's database is PostgreSQL: back it up with pg_dump (docs/operations.md, \"Backup and restore\").");
                    return 1;
                }

                return await BackupAsync(tool, database, folder, output);
            default:
                await output.WriteLineAsync(Usage);
                return 2;
        }
    }

    private static async Task<int> CopyToPostgresAsync(WebApplication tool, string target, TextWriter output)
    {
        string where;
        try
        {
            var parsed = new NpgsqlConnectionStringBuilder(target);
            where = $"{parsed.Host}:{parsed.Port}/{parsed.Database}";
        }
        catch (ArgumentException e)
        {
            await output.WriteLineAsync($"That is not a PostgreSQL connection string ({e.Message}). Example: \"Host=db.example.org;Database=parley;Username=parley;Password=…\"");
            return 2;
        }

        // The source is brought to the current schema first: the copy follows today's model.
        await tool.MigrateDatabaseAsync();
        await using var scope = tool.Services.CreateAsyncScope();
        var source = (SqliteParleyDb)scope.ServiceProvider.GetRequiredService<ParleyDb>();
        await output.WriteLineAsync($"Copying into PostgreSQL at {where} …");
        try
        {
            var counts = await new PostgresMove(source, target, output).RunAsync();
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Done: {counts.Count} tables, {counts.Sum(c => c.Target):N0} rows; every table's row count matches. Start the server with Parley:Database:Provider=postgres, this connection string and the same data folder (uploads stay there)."));
            return 0;
        }
        catch (MoveRefusedException e)
        {
            await output.WriteLineAsync(e.Message);
            return 1;
        }
        catch (NpgsqlException e) when (e.InnerException is SocketException or TimeoutException || e is NpgsqlException { IsTransient: true })
        {
            await output.WriteLineAsync($"Could not reach PostgreSQL at {where}: {e.InnerException?.Message ?? e.Message}. Is it running, and does it accept connections from here?");
            return 1;
        }
        catch (PostgresException e)
        {
            await output.WriteLineAsync($"PostgreSQL at {where} refused: {e.MessageText} ({e.SqlState}). Nothing was kept; fix it and run the command again.");
            return 1;
        }
    }

    private static async Task<int> BackupAsync(WebApplication tool, ParleyDatabase database, string folder, TextWriter output)
    {
        var options = tool.Services.GetRequiredService<IOptions<ParleyOptions>>().Value;
        var files = string.IsNullOrWhiteSpace(options.Files.Directory) ? Path.Combine(options.DataDirectory, "files") : options.Files.Directory;
        try
        {
            var summary = await SqliteBackup.RunAsync(database.ConnectionString, options.DataDirectory, files, folder);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Backed up into {Path.GetFullPath(folder)}: the database ({summary.DatabaseBytes:N0} bytes) and {summary.FilesCopied:N0} files. To restore, start a server with --Parley:DataDirectory={Path.GetFullPath(folder)} (or copy the folder in place)."));
            return 0;
        }
        catch (MoveRefusedException e)
        {
            await output.WriteLineAsync(e.Message);
            return 1;
        }
    }
}
