using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Parley.Tests.Integration;

/// <summary>Room rules that must hold under any interleaving of requests, tested with requests sent in parallel.</summary>
[Collection(SharedServer.Name)]
public sealed class RoomRacesTests(ServerFixture fixture)
{
    /// <summary>Found by the audit: two concurrent hand-overs left a room with two owners, then five.</summary>
    [Fact]
    public async Task HandOver_ManyAtOnce_LeavesExactlyOneOwner()
    {
        using var owner = await fixture.UserAsync("owner");
        var room = await owner.CreateRoomAsync();
        var candidates = new List<ApiClient>();
        for (var i = 0; i < 6; i++)
        {
            var candidate = await fixture.UserAsync("heir");
            await candidate.JoinAsync(room.Id);
            candidates.Add(candidate);
        }

        for (var round = 0; round < 3; round++)
        {
            // Whoever owns the room now hands it to every candidate at once.
            var current = (await owner.MembersAsync(room.Id)).Single(m => m.Role == MemberRole.Owner).User.Id;
            var holder = current == owner.Id ? owner : candidates.Single(c => c.Id == current);
            var handOvers = await Task.WhenAll(candidates.Where(c => c.Id != current)
                .Select(c => holder.PutAsync($"/api/rooms/{room.Id}/members/{c.Id}/role", new { role = "owner" })));

            Assert.Equal(1, handOvers.Count(r => r.StatusCode == HttpStatusCode.OK));
            foreach (var refused in handOvers.Where(r => r.StatusCode != HttpStatusCode.OK))
            {
                var problem = await refused.ReadProblemAsync();
                Assert.Contains(problem.Code, (string[])["ownership_changed", "insufficient_role"]);
            }

            Assert.Single(await owner.MembersAsync(room.Id), m => m.Role == MemberRole.Owner);
        }

        foreach (var candidate in candidates)
        {
            candidate.Dispose();
        }
    }

    /// <summary>The database itself refuses a second owner, whatever code path might try.</summary>
    [Fact]
    public async Task Database_RefusesASecondOwner()
    {
        using var owner = await fixture.UserAsync();
        using var member = await fixture.UserAsync();
        var room = await owner.CreateRoomAsync();
        await member.JoinAsync(room.Id);
        await using var scope = fixture.Server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();

        var promote = db.Memberships.Where(m => m.ConversationId == room.Id && m.UserId == member.Id)
            .ExecuteUpdateAsync(m => m.SetProperty(x => x.Role, MemberRole.Owner));

        // The provider's own exception (SqliteException, PostgresException), read as the server reads it.
        var refused = await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => promote);
        Assert.True(refused.IsUniqueViolation(), refused.Message);
    }

    /// <summary>Found by the audit: concurrent wrong passwords got 23–37 guesses past the limit of 10.</summary>
    [Fact]
    public async Task PasswordGuesses_InParallel_NeverExceedTheLimit()
    {
        using var owner = await fixture.UserAsync();
        using var guesser = await fixture.UserAsync("guesser");
        var room = await owner.CreateRoomAsync("password", "the right one");
        var limit = new Parley.Infrastructure.ParleyOptions().RateLimits.RoomPasswordGuesses.Burst;

        var answers = await Task.WhenAll(Enumerable.Range(0, 60).Select(i => guesser.PostAsync($"/api/rooms/{room.Id}/join", new { password = $"guess {i}" })));
        var codes = new List<string>();
        foreach (var answer in answers)
        {
            codes.Add((await answer.ReadProblemAsync()).Code);
            answer.Dispose();
        }

        Assert.Equal(limit, codes.Count(c => c == "wrong_password"));
        Assert.Equal(60 - limit, codes.Count(c => c == "too_many_guesses"));
        using var rightButTooLate = await guesser.PostAsync($"/api/rooms/{room.Id}/join", new { password = "the right one" });
        Assert.Equal((429, "too_many_guesses"), await rightButTooLate.StatusAndCodeAsync());
        Assert.DoesNotContain(await owner.MembersAsync(room.Id), m => m.User.Id == guesser.Id);
    }
}
