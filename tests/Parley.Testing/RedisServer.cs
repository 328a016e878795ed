using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Parley.Testing;

/// <summary>
/// A throwaway redis-server (Debian's package) on a free loopback port with its files in a temp folder and nothing
/// persisted. <see cref="SharedAsync"/> is one for the whole test run; a test that stops and starts Redis takes its own
/// from <see cref="StartNewAsync"/>, and <see cref="StartAsync"/> starts it again on the same port, as a restarted
/// Redis would be.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private const string FolderPrefix = "parley-redis-";
    private const string OwnerFile = "owner.pid";
    private const string ServerPidFile = "redis.pid";

    private static readonly Lazy<Task<RedisServer>> SharedServer = new(StartSharedAsync);

    private readonly string _folder;
    private Process? _process;

    private RedisServer(string folder, int port)
    {
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The value for Parley:Redis:Configuration.</summary>
    public string Configuration => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{Port}");

    public bool IsRunning => _process is { HasExited: false };

    public static Task<RedisServer> SharedAsync() => SharedServer.Value;

    public static async Task<RedisServer> StartNewAsync()
    {
        RemoveOrphans();
        var folder = Directory.CreateTempSubdirectory(FolderPrefix).FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, OwnerFile), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        var server = new RedisServer(folder, FreePort());
        await server.StartAsync();
        return server;
    }

    /// <summary>Starts (again) on the same port, empty: what a Redis restarted without persistence looks like.</summary>
    public async Task StartAsync()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException("Redis is already running.");
        }

        var start = new ProcessStartInfo(FindServer()) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
        {
            "--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", _folder,
            "--pidfile", Path.Combine(_folder, ServerPidFile), "--save", "", "--appendonly", "no", "--daemonize", "no",
            "--loglevel", "notice",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start redis-server.");
        _process = process;
        // Redis says when it takes connections; reading its log for that line is the wait, with a deadline.
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is null)
            {
                ready.TrySetException(new InvalidOperationException($"redis-server exited before it was ready:\n{log}"));
                return;
            }

            lock (log)
            {
                log.AppendLine(line.Data);
            }

            if (line.Data.Contains("Ready to accept connections", StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is not null)
            {
                lock (log)
                {
                    log.AppendLine(line.Data);
                }
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>Stops the server at once (SIGKILL): connected clients see the connection drop, as in a crash.</summary>
    public async Task StopAsync()
    {
        if (_process is { } process)
        {
            _process = null;
            if (!process.HasExited)
            {
                process.Kill();
            }

            await process.WaitForExitAsync();
            process.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private static async Task<RedisServer> StartSharedAsync()
    {
        var server = await StartNewAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return server;
    }

    /// <summary>Servers of earlier runs whose test process ended before its exit handler ran are stopped and removed.</summary>
    private static void RemoveOrphans()
    {
        foreach (var folder in Directory.GetDirectories(Path.GetTempPath(), FolderPrefix + "*"))
        {
            if (ProcessIn(folder, OwnerFile) is { } owner && IsAlive(owner))
            {
                continue;
            }

            if (ProcessIn(folder, ServerPidFile) is { } orphan && IsAlive(orphan))
            {
                using var process = Process.GetProcessById(orphan);
                process.Kill();
                process.WaitForExit();
            }

            Directory.Delete(folder, recursive: true);
        }
    }

    private static int? ProcessIn(string folder, string file) =>
        File.Exists(Path.Combine(folder, file)) && int.TryParse(File.ReadAllText(Path.Combine(folder, file)).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : null;

    private static bool IsAlive(int processId)
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

    private static string FindServer() =>
        File.Exists("/usr/bin/redis-server")
            ? "/usr/bin/redis-server"
            : throw new InvalidOperationException("Redis is not installed: apt-get install -y redis-server.");

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
