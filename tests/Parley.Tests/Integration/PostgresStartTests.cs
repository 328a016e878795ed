using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Parley.Tests.Integration;

/// <summary>Several nodes on one PostgreSQL database start together (Infrastructure/Data/MigrationLock.cs).</summary>
public sealed class PostgresStartTests
{
    /// <summary>
    /// Two nodes starting at the same moment on a new database: without the migration lock both would create the
    /// same tables and one would fail its start. Both come up, each migration is applied once, and both serve.
    /// </summary>
    [PostgresFact]
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
                await start.Result.DisposeAsync();
            }
        }
    }
}
