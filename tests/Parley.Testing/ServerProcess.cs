using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Parley.Testing;

/// <summary>
/// Parley as its own operating-system process, for what an in-process server cannot show: being killed
/// (SIGKILL, no shutdown code runs) and started again on the same data folder, or how much memory it holds.
/// </summary>
public sealed class ServerProcess : IParleyAddress, IAsyncDisposable
{
    private readonly IReadOnlyDictionary<string, string> _settings;
    private readonly bool _ownsDataDirectory;
    private Process? _process;

    private ServerProcess(string dataDirectory, bool ownsDataDirectory, int port, IReadOnlyDictionary<string, string> settings)
    {
        DataDirectory = dataDirectory;
        _ownsDataDirectory = ownsDataDirectory;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        _settings = settings;
    }

    public string DataDirectory { get; }

    public Uri BaseAddress { get; }

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>
    /// Launches the server with <see cref="ParleyServer.DefaultSettings"/>, overridden by <paramref name="settings"/>, on
    /// a new data folder or on <paramref name="dataDirectory"/> (several nodes share one; the caller deletes it).
    /// </summary>
    public static async Task<ServerProcess> LaunchAsync(IReadOnlyDictionary<string, string>? settings = null, string? dataDirectory = null)
    {
        var merged = new Dictionary<string, string>(ParleyServer.DefaultSettings);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            merged[key] = value;
        }

        // A run on PostgreSQL (PARLEY_TEST_DATABASE): the process gets a database of its own, kept across its restarts.
        if (TestDatabase.IsPostgres && !merged.ContainsKey(ParleyServer.ProviderSetting) && !merged.ContainsKey(ParleyServer.ConnectionStringSetting))
        {
            merged[ParleyServer.ProviderSetting] = TestDatabase.Provider!;
            merged[ParleyServer.ConnectionStringSetting] = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync();
        }

        var server = new ServerProcess(dataDirectory ?? Directory.CreateTempSubdirectory("parley-process-").FullName, dataDirectory is null, FreePort(), merged);
        try
        {
            await server.StartAsync();
        }
        catch
        {
            // A start that timed out leaves the process running: nobody else holds it to stop it.
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>
    /// The process's resident memory now and its peak so far (VmRSS and VmHWM in /proc/PID/status, Linux), in MB:
    /// the memory the machine actually gave it, whatever the garbage collector thinks of it.
    /// </summary>
    public ProcessMemory ReadMemory()
    {
        var process = _process ?? throw new InvalidOperationException("The server process is not running.");
        var status = File.ReadAllLines($"/proc/{process.Id}/status");
        long Megabytes(string field) =>
            long.Parse(status.Single(line => line.StartsWith(field, StringComparison.Ordinal))[field.Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) / 1024;
        return new ProcessMemory(Megabytes("VmRSS:"), Megabytes("VmHWM:"));
    }

    /// <summary>Starts (again) on the same data folder and port.</summary>
    public async Task StartAsync()
    {
        var serverDll = Path.Combine(AppContext.BaseDirectory, "Parley.Server.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                serverDll,
                $"--urls={BaseAddress}",
                $"--Parley:DataDirectory={DataDirectory}",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // The same settings as an in-process test server (generous limits, quiet logs) unless the test chose others.
        foreach (var (key, value) in _settings)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the server process.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var probe = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(1) };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The server process exited with code {_process.ExitCode} while starting.");
            }

            try
            {
                using var response = await probe.GetAsync("/api/auth/password-policy");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The server process did not answer within 30 s.");
    }

    /// <summary>SIGKILL: the process ends mid-whatever, with no chance to flush or clean up.</summary>
    public async Task KillAsync()
    {
        if (_process is { } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            process.Dispose();
            _process = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        if (!_ownsDataDirectory)
        {
            return;
        }

        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>Resident memory of a process, in MB: now, and the highest it has been.</summary>
public sealed record ProcessMemory(long ResidentMegabytes, long PeakResidentMegabytes);
