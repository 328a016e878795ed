using System.Net;
using Parley.Rooms;

namespace Parley.Tests.Integration;

[Collection(SharedServer.Name)]
public sealed class JoinByNameTests(ServerFixture fixture)
{
    /// <summary>People type a room's name as they remember it: case, spacing and a leading "#" do not matter.</summary>
    [Fact]
    public async Task JoinByName_PublicRoom_JoinsIt_WhateverTheCaseSpacingOrHash()
    {
        using var alice = await fixture.UserAsync();
        using var bob = await fixture.UserAsync();
        var name = ApiClient.UniqueName("Design Team");
        var room = await alice.CreateRoomAsync(name: name);

        var joined = await ApiClient.ReadAsync<RoomDto>(bob.PostAsync("/api/rooms/join", new { name = "#  " + name.ToUpperInvariant().Replace(" ", "   ", StringComparison.Ordinal) }));

        Assert.Equal(room.Id, joined.Id);
        Assert.Equal(MemberRole.Member, joined.Role);
        Assert.Contains(bob.Id, (await alice.MembersAsync(room.Id)).Select(m => m.User.Id));
    }

    /// <summary>
    /// A private room cannot be probed by name: its name — asked by an outsider or even by its own member — a direct
    /// conversation and a name no room has all get the very same answer as a room id that does not exist.
    /// </summary>
    [Fact]
    public async Task JoinByName_PrivateRoomDirectOrUnknownName_AnswersExactlyLikeAMissingRoom()
    {
        using var alice = await fixture.UserAsync();
        using var bob = await fixture.UserAsync();
        var secret = await alice.CreateRoomAsync("private", name: ApiClient.UniqueName("secret"));
        await alice.OpenDirectAsync(bob.Username);
        using var missingRoom = await bob.PostAsync("/api/rooms/9000000001/join");
        var missing = await missingRoom.ReadProblemAsync();

        foreach (var (who, name) in new[] { (bob, secret.Name), (alice, secret.Name), (bob, alice.Username), (bob, "no room has this name") })
        {
            using var answer = await who.PostAsync("/api/rooms/join", new { name });
            var problem = await answer.ReadProblemAsync();
            Assert.Equal((404, "room_not_found", missing.Detail), (problem.Status, problem.Code, problem.Detail));
        }

        Assert.DoesNotContain(bob.Id, (await alice.MembersAsync(secret.Id)).Select(m => m.User.Id));
    }

    /// <summary>A request without a name is malformed, not a room that is missing.</summary>
    [Fact]
    public async Task JoinByName_WithoutAName_IsRefusedAsInvalid()
    {
        using var bob = await fixture.UserAsync();

        using var blank = await bob.PostAsync("/api/rooms/join", new { name = "   " });

        var problem = await blank.ReadProblemAsync();
        Assert.Equal((400, "validation_failed"), (problem.Status, problem.Code));
        Assert.Contains("name", problem.Errors.Keys);
    }

    /// <summary>A password room is joined by its name and its password, exactly as by its id.</summary>
    [Fact]
    public async Task JoinByName_PasswordRoom_NeedsItsPassword()
    {
        using var alice = await fixture.UserAsync();
        using var bob = await fixture.UserAsync();
        var room = await alice.CreateRoomAsync("password", "open sesame", name: ApiClient.UniqueName("vault"));

        using var without = await bob.PostAsync("/api/rooms/join", new { name = room.Name });
        using var wrong = await bob.PostAsync("/api/rooms/join", new { name = room.Name, password = "open says me" });
        var joined = await ApiClient.ReadAsync<RoomDto>(bob.PostAsync("/api/rooms/join", new { name = room.Name, password = "open sesame" }));

        Assert.Equal((403, "password_required"), await without.StatusAndCodeAsync());
        Assert.Equal((403, "wrong_password"), await wrong.StatusAndCodeAsync());
        Assert.Equal((room.Id, MemberRole.Member), (joined.Id, joined.Role));
    }

    /// <summary>Guessing a password by name counts against the same per-room allowance as guessing by id: switching ways gains nothing.</summary>
    [Fact]
    public async Task JoinByName_PasswordGuesses_ShareTheRoomsGuessLimitWithJoiningById()
    {
        using var alice = await fixture.UserAsync();
        using var guesser = await fixture.UserAsync("guesser");
        var room = await alice.CreateRoomAsync("password", "open sesame", name: ApiClient.UniqueName("vault"));
        var limit = new Parley.Infrastructure.ParleyOptions().RateLimits.RoomPasswordGuesses.Burst;

        for (var i = 0; i < limit; i++)
        {
            var path = i % 2 == 0 ? "/api/rooms/join" : $"/api/rooms/{room.Id}/join";
            using var guess = await guesser.PostAsync(path, new { name = room.Name, password = $"guess-{i}" });
            Assert.Equal((403, "wrong_password"), await guess.StatusAndCodeAsync());
        }

        using var rightByName = await guesser.PostAsync("/api/rooms/join", new { name = room.Name, password = "open sesame" });
        using var rightById = await guesser.PostAsync($"/api/rooms/{room.Id}/join", new { password = "open sesame" });
        Assert.Equal((429, "too_many_guesses"), await rightByName.StatusAndCodeAsync());
        Assert.Equal((429, "too_many_guesses"), await rightById.StatusAndCodeAsync());
    }

    /// <summary>Looking rooms up by name has its own per-user limit, found or not, so names cannot be tried in bulk.</summary>
    [Fact]
    public async Task JoinByName_TooManyLookups_AreRateLimited()
    {
        await using var server = await ParleyServer.StartAsync(new Dictionary<string, string>
        {
            ["Parley:RateLimits:RoomLookups:Burst"] = "3",
            ["Parley:RateLimits:RoomLookups:PerMinute"] = "1",
        });
        using var bob = await ApiClient.RegisterAsync(server);

        for (var i = 0; i < 3; i++)
        {
            using var lookup = await bob.PostAsync("/api/rooms/join", new { name = $"guess {i}" });
            Assert.Equal(HttpStatusCode.NotFound, lookup.StatusCode);
        }

        using var refused = await bob.PostAsync("/api/rooms/join", new { name = "guess 4" });
        Assert.Equal((429, "rate_limited"), await refused.StatusAndCodeAsync());
        Assert.NotNull(refused.Headers.RetryAfter);
    }
}
