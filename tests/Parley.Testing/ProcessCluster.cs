using Parley.Infrastructure;

namespace Parley.Testing;

/// <summary>
/// Parley as a small production deployment on one machine: several server processes on one PostgreSQL database, one
/// Redis and one data folder, behind nginx (round robin, WebSockets, no sticky sessions). Clients talk to
/// <see cref="BaseAddress"/>, the proxy; a node can be killed (SIGKILL) and started again.
/// </summary>
public sealed class ProcessCluster : IParleyAddress, IAsyncDisposable
{
    private readonly List<ServerProcess> _nodes;
    private readonly string _dataDirectory;

    private ProcessCluster(List<ServerProcess> nodes, NginxProxy proxy, string dataDirectory)
    {
        _nodes = nodes;
        Proxy = proxy;
        _dataDirectory = dataDirectory;
    }

    public NginxProxy Proxy { get; }

    public Uri BaseAddress => Proxy.BaseAddress;

    public ServerProcess this[int index] => _nodes[index];

    public int Count => _nodes.Count;

    /// <summary>
    /// Starts <paramref name="nodes"/> processes on a new database of <paramref name="postgres"/> (the run's shared
    /// cluster unless given) and on <paramref name="redis"/> (the run's shared one unless given), then nginx in front.
    /// </summary>
    public static async Task<ProcessCluster> StartAsync(
        int nodes = 3, IReadOnlyDictionary<string, string>? settings = null, RedisServer? redis = null, PostgresServer? postgres = null)
    {
        redis ??= await RedisServer.SharedAsync();
        postgres ??= await PostgresServer.SharedAsync();
        var merged = new Dictionary<string, string>(settings ?? new Dictionary<string, string>())
        {
            [ParleyServer.ProviderSetting] = ParleyOptions.DatabaseOptions.Postgres,
            [ParleyServer.ConnectionStringSetting] = await postgres.CreateDatabaseAsync(),
            ["Parley:Redis:Configuration"] = redis.Configuration,
        };
        // nginx is not made a trusted proxy: it says X-Forwarded-Proto https (as in front of TLS), and believing it
        // would make cookies Secure, which a test client speaking plain HTTP to nginx never sends back.
        var dataDirectory = Directory.CreateTempSubdirectory("parley-cluster-").FullName;
        var started = new List<ServerProcess>();
        try
        {
            // One after the other: the first applies the migrations, and two cores start three processes no faster at once.
            for (var i = 0; i < nodes; i++)
            {
                started.Add(await ServerProcess.LaunchAsync(merged, dataDirectory));
            }

            var proxy = await NginxProxy.StartAsync([.. started.Select(n => n.BaseAddress)]);
            return new ProcessCluster(started, proxy, dataDirectory);
        }
        catch
        {
            foreach (var node in started)
            {
                await node.DisposeAsync();
            }

            Directory.Delete(dataDirectory, recursive: true);
            throw;
        }
    }

    /// <summary>SIGKILL: the node dies mid-whatever; nginx sends its next requests to the others.</summary>
    public Task KillNodeAsync(int index) => _nodes[index].KillAsync();

    public Task StartNodeAsync(int index) => _nodes[index].StartAsync();

    public async ValueTask DisposeAsync()
    {
        await Proxy.DisposeAsync();
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}
