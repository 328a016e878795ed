using Parley.Infrastructure;

namespace Parley.Testing;

/// <summary>
/// Several Parley nodes as production runs them: in-process servers, each on its own port, all on one PostgreSQL
/// database, one data folder (the files every node serves) and one Redis. A node stopped and started again is a node
/// restart; the others keep running.
/// </summary>
public sealed class ParleyCluster : IAsyncDisposable
{
    private readonly List<ParleyServer> _nodes;

    private ParleyCluster(List<ParleyServer> nodes, string redisConfiguration)
    {
        _nodes = nodes;
        RedisConfiguration = redisConfiguration;
    }

    public ParleyServer this[int index] => _nodes[index];

    public int Count => _nodes.Count;

    public string RedisConfiguration { get; }

    /// <summary>
    /// Starts <paramref name="nodes"/> nodes on a new database. Redis is the test run's shared one unless
    /// <paramref name="redis"/> is given (a test that restarts Redis brings its own).
    /// </summary>
    public static async Task<ParleyCluster> StartAsync(int nodes = 2, IReadOnlyDictionary<string, string>? settings = null, RedisServer? redis = null)
    {
        redis ??= await RedisServer.SharedAsync();
        var merged = new Dictionary<string, string>(settings ?? new Dictionary<string, string>())
        {
            [ParleyServer.ProviderSetting] = ParleyOptions.DatabaseOptions.Postgres,
            ["Parley:Redis:Configuration"] = redis.Configuration,
        };

        // The first node creates the database and applies the migrations; the others start on its data folder.
        var first = await ParleyServer.StartAsync(merged);
        var started = new List<ParleyServer> { first };
        try
        {
            foreach (var node in await Task.WhenAll(Enumerable.Range(1, nodes - 1).Select(_ => ParleyServer.StartAsync(merged, first.DataDirectory))))
            {
                started.Add(node);
            }
        }
        catch
        {
            await Task.WhenAll(started.Select(n => n.DisposeAsync().AsTask()));
            throw;
        }

        return new ParleyCluster(started, redis.Configuration);
    }

    public Task StopNodeAsync(int index) => _nodes[index].StopAsync();

    public Task StartNodeAsync(int index) => _nodes[index].StartAsync();

    public async ValueTask DisposeAsync()
    {
        // The first node owns the data folder: it goes last, after the nodes that use it.
        for (var i = _nodes.Count - 1; i >= 0; i--)
        {
            await _nodes[i].DisposeAsync();
        }
    }
}
