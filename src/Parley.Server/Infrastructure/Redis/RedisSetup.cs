using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Parley.Infrastructure.Redis;

/// <summary>
/// Several nodes share events and state through one Redis (<see cref="ParleyOptions.RedisOptions.Configuration"/>). Without
/// it Parley is one node and nothing here is registered: features ask <see cref="IsConfigured"/> and keep their state
/// in process.
/// </summary>
public static class RedisSetup
{
    public static bool IsConfigured(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[$"{ParleyOptions.Section}:Redis:Configuration"]);

    public static void AddParleyRedis(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<NodeIdentity>();
        if (!IsConfigured(builder.Configuration))
        {
            return;
        }

        var provider = builder.Configuration[$"{ParleyOptions.Section}:Database:Provider"] ?? ParleyOptions.DatabaseOptions.Sqlite;
        if (!string.Equals(provider, ParleyOptions.DatabaseOptions.Postgres, StringComparison.OrdinalIgnoreCase))
        {
            // Every node must see the same data: a SQLite file belongs to one process.
            throw new InvalidOperationException(
                "Parley:Redis:Configuration is set, which makes this node one of several, but the database is SQLite, which only one node can use. " +
                "Set Parley:Database:Provider to postgres (and ConnectionStrings:Parley), or remove the Redis setting to run one node.");
        }

        builder.Services.AddSingleton<IConnectionMultiplexer>(services =>
        {
            var options = ConfigurationOptions.Parse(services.GetRequiredService<IOptions<ParleyOptions>>().Value.Redis.Configuration);
            // A node starts, and keeps working on what needs no Redis, while Redis is down; the multiplexer reconnects by itself.
            options.AbortOnConnectFail = false;
            options.ClientName = services.GetRequiredService<NodeIdentity>().Id;
            return ConnectionMultiplexer.Connect(options);
        });
    }
}
