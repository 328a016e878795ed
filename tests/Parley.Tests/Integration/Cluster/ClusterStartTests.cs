using System.Net;

namespace Parley.Tests.Integration.Cluster;

public sealed class ClusterStartTests
{
    /// <summary>
    /// Several nodes share one database: an account registered through one node signs in through another. Guards the
    /// cluster the several-node tests stand on, and that nodes on one database start together.
    /// </summary>
    [Fact]
    public async Task TwoNodes_OnOneDatabase_AnAccountMadeOnOneSignsInOnTheOther()
    {
        await using var cluster = await ParleyCluster.StartAsync(nodes: 2);
        using var alice = await ApiClient.RegisterAsync(cluster[0]);

        using var elsewhere = await ApiClient.SignInAsync(cluster[1], alice.Username, alice.Password);
        var me = await elsewhere.GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal(alice.Id, elsewhere.Id);
    }

    /// <summary>
    /// Redis makes a node one of several, which SQLite cannot serve: such a start is refused with a sentence naming
    /// the settings to change, instead of nodes silently writing to separate files.
    /// </summary>
    [Fact]
    public async Task Start_WithRedisOnSqlite_IsRefusedWithTheSettingsToChange()
    {
        var redis = await RedisServer.SharedAsync();

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => ParleyServer.StartAsync(new Dictionary<string, string>
        {
            [ParleyServer.ProviderSetting] = "sqlite",
            ["Parley:Redis:Configuration"] = redis.Configuration,
        }));

        Assert.Contains("Parley:Database:Provider", failure.Message, StringComparison.Ordinal);
    }
}
