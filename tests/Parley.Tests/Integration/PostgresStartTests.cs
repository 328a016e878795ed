using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Parley.Tests.Integration;

/// <summary>Several nodes on one PostgreSQL database start together (Infrastructure/Data/MigrationLock.cs).</summary>
public sealed class PostgresStartTests
{
    /// <summary>
    /// Two nodes starting at the same moment on a new database: without the migration lock both would create the
    /// same tables and one would fail its start. Both come up, each migration is applied once, and both serve.
    /// </summary>
    [Fact]
    public async Task TwoServers_StartingAtOnceOnOneNewDatabase_BothComeUp()
    {
        var cluster = await PostgresServer.SharedAsync();
        var settings = new Dictionary<string, string>
        {
            [ParleyServer.ProviderSetting] = "postgres",
            [ParleyServer.ConnectionStringSetting] = await cluster.CreateDatabaseAsync(),
        };

        var starts = Enumerable.Range(0, 2).Select(_ => Task.Run(() => ParleyServer.StartAsync(settings))).ToList();
        try
        {
            var servers = await Task.WhenAll(starts);

            foreach (var server in servers)
            {
                using var user = await ApiClient.RegisterAsync(server);
                Assert.NotNull(await user.CreateRoomAsync());
            }

            await using var scope = servers[0].Services.CreateAsyncScope();
            Assert.Empty(await scope.ServiceProvider.GetRequiredService<ParleyDb>().Database.GetPendingMigrationsAsync());
        }
        finally
        {
            foreach (var start in starts.Where(s => s.IsCompletedSuccessfully))
            {
                await (await start).DisposeAsync();
            }
        }
    }

    /// <summary>
    /// A node that starts while another holds the migration lock (it is migrating) waits for the lock before it
    /// touches the schema, then migrates nothing twice and comes up.
    /// </summary>
    [Fact]
    public async Task Start_WhileAnotherNodeMigrates_WaitsForTheLock_ThenComesUp()
    {
        var cluster = await PostgresServer.SharedAsync();
        var connectionString = await cluster.CreateDatabaseAsync();
        var settings = new Dictionary<string, string>
        {
            [ParleyServer.ProviderSetting] = "postgres",
            [ParleyServer.ConnectionStringSetting] = connectionString,
        };

        Task<ParleyServer> start;
        await using (await MigrationLock.TakeAsync(new ParleyDatabase(connectionString, "postgres")))
        {
            start = Task.Run(() => ParleyServer.StartAsync(settings));
            await Poll.UntilAsync(() => SomeoneWaitsForAnAdvisoryLockAsync(connectionString), TimeSpan.FromSeconds(60),
                "the starting node should wait for the migration lock the other node holds.");
            Assert.False(start.IsCompleted);
        }

        await using var server = await start;
        using var user = await ApiClient.RegisterAsync(server);
        Assert.NotNull(await user.CreateRoomAsync());
    }

    private static async Task<bool> SomeoneWaitsForAnAdvisoryLockAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database()))",
            connection);
        return (bool)(await command.ExecuteScalarAsync())!;
    }
}
