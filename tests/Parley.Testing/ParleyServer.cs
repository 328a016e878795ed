using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Parley.Infrastructure;
using Parley.Infrastructure.Data;

namespace Parley.Testing;

/// <summary>
/// A real Parley server — Kestrel on a free loopback port, its own SQLite file — built exactly as Program builds it.
/// Stopping and starting again on the same data folder is a server restart. On PostgreSQL (the setting
/// Parley:Database:Provider = postgres, or PARLEY_TEST_DATABASE=postgres for a whole run) each server gets its own
/// empty database in the run's throwaway cluster (<see cref="PostgresServer"/>), kept across its restarts.
/// </summary>
public sealed class ParleyServer : IParleyAddress, IAsyncDisposable
{
    private readonly bool _ownsDataDirectory;
    private WebApplication? _app;

    private ParleyServer(string dataDirectory, bool ownsDataDirectory, IReadOnlyDictionary<string, string> settings)
    {
        DataDirectory = dataDirectory;
        _ownsDataDirectory = ownsDataDirectory;
        Settings = settings;
    }

    public string DataDirectory { get; }

    public IReadOnlyDictionary<string, string> Settings { get; }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Command-line settings that point another program (the admin command, a tool) at this server's database.</summary>
    public IReadOnlyList<string> DatabaseArguments =>
        [.. Settings.Where(s => s.Key is ProviderSetting or ConnectionStringSetting).Select(s => $"--{s.Key}={s.Value}")];

    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("The server is not running.");

    /// <summary>
    /// Generous limits, so tests that register many users or send fast are not throttled; tests of the limits pass
    /// their own. Typing, room password guesses and connections per user keep their defaults: tests of those rely on them.
    /// No default rooms: tests count their accounts' rooms and conversations; DefaultRoomsTests start servers with them.
    /// </summary>
    public const string ProviderSetting = "Parley:Database:Provider";

    public const string ConnectionStringSetting = "ConnectionStrings:Parley";

    /// <summary>
    /// Pins a server to SQLite whatever the run's provider (PARLEY_TEST_DATABASE): for tests of SQLite's own
    /// mechanisms (its file, FTS5, its busy handler, its schema history), which run on SQLite in every run.
    /// </summary>
    public static IReadOnlyDictionary<string, string> OnSqlite { get; } = new Dictionary<string, string> { [ProviderSetting] = ParleyOptions.DatabaseOptions.Sqlite };

    /// <summary>Pins a server to PostgreSQL whatever the run's provider: for tests of PostgreSQL's side of a rule (its SQL, extension, locks).</summary>
    public static IReadOnlyDictionary<string, string> OnPostgres { get; } = new Dictionary<string, string> { [ProviderSetting] = ParleyOptions.DatabaseOptions.Postgres };

    public static IReadOnlyDictionary<string, string> DefaultSettings { get; } = new Dictionary<string, string>
    {
        ["Parley:RateLimits:SignInPerMinute"] = "100000",
        ["Parley:RateLimits:RegistrationsPerHour"] = "100000",
        ["Parley:RateLimits:AccountMailRequestsPerHour"] = "100000",
        ["Parley:RateLimits:AccountMailsPerHour"] = "100000",
        ["Parley:RateLimits:Requests:Burst"] = "100000",
        ["Parley:RateLimits:Messages:Burst"] = "100000",
        ["Parley:RateLimits:RoomsCreated:Burst"] = "100000",
        ["Parley:RateLimits:JoinsAndLeaves:Burst"] = "100000",
        ["Parley:RateLimits:InvitesCreated:Burst"] = "100000",
        ["Parley:RateLimits:Searches:Burst"] = "100000",
        ["Parley:RateLimits:RoomLookups:Burst"] = "100000",
        ["Parley:RateLimits:ListChanges:Burst"] = "100000",
        ["Parley:RateLimits:MessageChanges:Burst"] = "100000",
        ["Parley:RateLimits:Reactions:Burst"] = "100000",
        ["Parley:RateLimits:Pins:Burst"] = "100000",
        ["Parley:RateLimits:ProfileChanges:Burst"] = "100000",
        ["Parley:RateLimits:GifSearches:Burst"] = "100000",
        ["Parley:RateLimits:Uploads:Burst"] = "100000",
        ["Parley:RateLimits:Sessions:Burst"] = "100000",
        ["Parley:RateLimits:AdminActions:Burst"] = "100000",
        ["Parley:RateLimits:Passkeys:Burst"] = "100000",
        ["Parley:RateLimits:Reports:Burst"] = "100000",
        ["Parley:RateLimits:Moderation:Burst"] = "100000",
        ["Parley:RateLimits:DataExportsPerHour"] = "100000",
        ["Parley:DefaultRooms:0"] = "",
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Error",
        ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Error",
    };

    public static async Task<ParleyServer> StartAsync(IReadOnlyDictionary<string, string>? settings = null, string? dataDirectory = null)
    {
        var merged = new Dictionary<string, string>(DefaultSettings);
        if (TestDatabase.Provider is { } provider)
        {
            merged[ProviderSetting] = provider;
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            merged[key] = value;
        }

        var folder = dataDirectory ?? Directory.CreateTempSubdirectory("parley-test-").FullName;
        if (merged.TryGetValue(ProviderSetting, out var chosen)
            && string.Equals(chosen, ParleyOptions.DatabaseOptions.Postgres, StringComparison.OrdinalIgnoreCase)
            && !merged.ContainsKey(ConnectionStringSetting))
        {
            merged[ConnectionStringSetting] = await PostgresDatabaseOfAsync(folder);
        }

        var server = new ParleyServer(folder, ownsDataDirectory: dataDirectory is null, merged);
        await server.StartAsync();
        return server;
    }

    /// <summary>
    /// The data folder's PostgreSQL database, created on first use and named in a file in the folder: a second server
    /// started on the same folder (an upgrade, a restart with other settings) finds the same data, as on SQLite.
    /// </summary>
    private static async Task<string> PostgresDatabaseOfAsync(string dataDirectory)
    {
        var file = Path.Combine(dataDirectory, "postgres-connection-string");
        if (File.Exists(file))
        {
            return await File.ReadAllTextAsync(file);
        }

        var cluster = await PostgresServer.SharedAsync();
        var connectionString = await cluster.CreateDatabaseAsync();
        await File.WriteAllTextAsync(file, connectionString);
        return connectionString;
    }

    /// <summary>Starts (again) on the same data folder and a new port.</summary>
    public async Task StartAsync()
    {
        if (_app is not null)
        {
            throw new InvalidOperationException("The server is already running.");
        }

        string[] args =
        [
            "--urls=http://127.0.0.1:0",
            $"--Parley:DataDirectory={DataDirectory}",
            .. Settings.Select(s => $"--{s.Key}={s.Value}"),
        ];
        var app = Program.Build(args);
        await app.MigrateDatabaseAsync();
        await app.StartAsync();
        _app = app;
        BaseAddress = new Uri(app.Urls.Single());
    }

    public async Task StopAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    public T GetRequiredService<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Makes an account an administrator (or not) as <c>admin grant</c> does from the shell.</summary>
    public async Task SetAdministratorAsync(string username, bool isAdmin = true)
    {
        await using var scope = Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<Parley.Accounts.Administrators>().SetAsync(username, isAdmin, Parley.Audit.AuditActor.CommandLine);
        if (!result.IsSuccess)
        {
            throw new InvalidOperationException(result.Error!.Detail);
        }
    }

    /// <summary>The audit log's lines, newest first, for tests that check an action was recorded.</summary>
    public async Task<List<Parley.Infrastructure.Data.AuditEntry>> AuditLogAsync(string? action = null)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Parley.Infrastructure.Data.ParleyDb>();
        var lines = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
            db.AuditLog.Where(e => action == null || e.Action == action).OrderByDescending(e => e.Id));
        return lines;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (_ownsDataDirectory)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A temp folder left behind is harmless.
            }
        }
    }
}

/// <summary>Where a Parley server answers: in this process (<see cref="ParleyServer"/>) or its own (<see cref="ServerProcess"/>).</summary>
public interface IParleyAddress
{
    Uri BaseAddress { get; }
}
