using Parley.Access;

namespace Parley.Tests.Integration;

/// <summary>What the access checks remember must be bounded by what exists, not by what people ask for.</summary>
public sealed class AccessCacheTests
{
    /// <summary>Probing ids that name nothing (a scan for private rooms) leaves nothing behind in memory.</summary>
    [Fact]
    public async Task ProbingIdsThatDoNotExist_DoesNotGrowTheMembershipCache()
    {
        await using var server = await ParleyServer.StartAsync();
        using var prober = await ApiClient.RegisterAsync(server);
        var cache = server.GetRequiredService<MembershipCache>();
        var before = cache.Count;

        for (var id = 1_000_000L; id < 1_000_200L; id++)
        {
            using var response = await prober.GetAsync($"/api/conversations/{id}/messages");
            Assert.Equal((404, "room_not_found"), await response.StatusAndCodeAsync());
        }

        Assert.Equal(before, cache.Count);
    }
}
