using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Parley.Testing;

/// <summary>
/// A throwaway PostgreSQL cluster for tests: initdb into a temp folder, pg_ctl start on a free loopback port (its unix
/// socket in the same folder, so it never meets a system cluster), one database per test server, stopped and deleted
/// at the end. initdb refuses to run as root, so as root the cluster belongs to the "postgres" account (Debian's
/// postgresql package creates it) and its commands run through runuser.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string SystemAccount = "postgres";
    private const string FolderPrefix = "parley-pg-";
    private const string OwnerFile = "owner.pid";

    private static readonly Lazy<Task<PostgresServer>> SharedCluster = new(StartSharedAsync);

    private readonly string _folder;
    private readonly string _bin;
    private readonly bool _asRoot;

    private PostgresServer(string folder, string bin, bool asRoot, int port)
    {
        _folder = folder;
        _bin = bin;
        _asRoot = asRoot;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The superuser's connection string to a database of this cluster (trust authentication, loopback only).</summary>
    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = SystemAccount,
        Database = database,
        // Each test server is short-lived; a small pool keeps many of them inside max_connections.
        MaxPoolSize = 20,
    }.ToString();

    /// <summary>One cluster for the whole test run, started on first use and stopped as the process exits.</summary>
    public static Task<PostgresServer> SharedAsync() => SharedCluster.Value;

    public static async Task<PostgresServer> StartAsync()
    {
        var bin = FindBinaries();
        var asRoot = Environment.UserName == "root";
        await RemoveOrphanedClustersAsync(bin, asRoot);
        var folder = Directory.CreateTempSubdirectory(FolderPrefix).FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, OwnerFile), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        if (asRoot)
        {
            // The folder (mode 700) becomes the cluster owner's; root can still delete it afterwards.
            await RunAsync("chown", [$"{SystemAccount}:{SystemAccount}", folder]);
        }

        var port = FreePort();
        var server = new PostgresServer(folder, bin, asRoot, port);
        var data = Path.Combine(folder, "data");
        // --no-sync and fsync=off: a test cluster dies with its tests; durability costs time and buys nothing here.
        await server.RunPostgresToolAsync("initdb", ["-D", data, "-A", "trust", "-U", SystemAccount, "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]);
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>Starts the cluster (again, after <see cref="ShutDownAsync"/>) on the same port and data.</summary>
    public Task StartAgainAsync() =>
        // -w: pg_ctl itself waits until the server accepts connections (it polls, up to its own timeout), so no wait here.
        RunPostgresToolAsync("pg_ctl",
        [
            "-D", Path.Combine(_folder, "data"), "-l", Path.Combine(_folder, "server.log"), "-w", "-t", "60",
            "-o", $"-c listen_addresses=127.0.0.1 -p {Port} -k {_folder} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300",
            "start",
        ]);

    /// <summary>Stops the cluster as an outage would: open connections are cut (fast shutdown), the data stays.</summary>
    public Task ShutDownAsync() => RunPostgresToolAsync("pg_ctl", ["-D", Path.Combine(_folder, "data"), "-m", "fast", "-w", "stop"]);

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "parley")
    {
        var name = $"{prefix}_{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"CREATE DATABASE \"{name}\"";
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    /// <summary>
    /// Backs a database up as docs/operations.md says (pg_dump, custom format, one snapshot while it keeps serving)
    /// into a file in this cluster's folder, and returns the file's path.
    /// </summary>
    public async Task<string> DumpAsync(string connectionString)
    {
        var file = Path.Combine(_folder, $"dump-{Guid.NewGuid():N}.dump");
        await RunPostgresToolAsync("pg_dump", ["--format=custom", $"--file={file}", ToolConnection(new NpgsqlConnectionStringBuilder(connectionString).Database!)]);
        return file;
    }

    /// <summary>Restores a dump into a new, empty database as docs/operations.md says (pg_restore --no-owner --exit-on-error); returns its connection string.</summary>
    public async Task<string> RestoreAsync(string dumpFile)
    {
        var restored = await CreateDatabaseAsync("restored");
        await RunPostgresToolAsync("pg_restore", [$"--dbname={ToolConnection(new NpgsqlConnectionStringBuilder(restored).Database!)}", "--no-owner", "--exit-on-error", dumpFile]);
        return restored;
    }

    private string ToolConnection(string database) => $"host=127.0.0.1 port={Port} user={SystemAccount} dbname={database}";

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        // immediate: the data is thrown away next, so there is nothing to shut down cleanly for.
        await RunPostgresToolAsync("pg_ctl", ["-D", Path.Combine(_folder, "data"), "-m", "immediate", "-w", "stop"]);
        Directory.Delete(_folder, recursive: true);
    }

    private static async Task<PostgresServer> StartSharedAsync()
    {
        var cluster = await StartAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return cluster;
    }

    /// <summary>
    /// The test runner may end the test process before its exit handler has stopped the cluster and deleted the
    /// folder; the next run finds such a cluster by its owner process being gone, and stops and deletes it.
    /// </summary>
    private static async Task RemoveOrphanedClustersAsync(string bin, bool asRoot)
    {
        foreach (var folder in Directory.GetDirectories(Path.GetTempPath(), FolderPrefix + "*"))
        {
            var owner = Path.Combine(folder, OwnerFile);
            if (!File.Exists(owner) || !int.TryParse(await File.ReadAllTextAsync(owner), NumberStyles.None, CultureInfo.InvariantCulture, out var ownerId) || IsRunning(ownerId))
            {
                continue;
            }

            var orphan = new PostgresServer(folder, bin, asRoot, port: 0);
            if (File.Exists(Path.Combine(folder, "data", "postmaster.pid")))
            {
                try
                {
                    await orphan.RunPostgresToolAsync("pg_ctl", ["-D", Path.Combine(folder, "data"), "-m", "immediate", "-w", "stop"]);
                }
                catch (InvalidOperationException)
                {
                    // A pid file left by a cluster that is no longer running: there is nothing to stop.
                }
            }

            Directory.Delete(folder, recursive: true);
        }
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private Task RunPostgresToolAsync(string tool, IReadOnlyList<string> arguments) =>
        _asRoot
            ? RunAsync("runuser", ["-u", SystemAccount, "--", Path.Combine(_bin, tool), .. arguments])
            : RunAsync(Path.Combine(_bin, tool), arguments);

    private static async Task RunAsync(string program, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{await output}\n{await errors}");
        }
    }

    /// <summary>PARLEY_PG_BIN, else the newest Debian cluster binaries (initdb and pg_ctl are not on root's PATH there).</summary>
    private static string FindBinaries()
    {
        if (Environment.GetEnvironmentVariable("PARLEY_PG_BIN") is { Length: > 0 } configured)
        {
            return configured;
        }

        var debian = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(version => Path.Combine(version, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "initdb")))
                .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var major) ? major : 0)
                .FirstOrDefault()
            : null;
        return debian ?? throw new InvalidOperationException(
            "PostgreSQL is not installed: apt-get install -y postgresql, or set PARLEY_PG_BIN to the folder holding initdb and pg_ctl.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
