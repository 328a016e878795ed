using System.Net;
using System.Net.Http.Json;

namespace Parley.Tests.Integration;

/// <summary>
/// Every input a user can send has a size cap, not only request bodies: query strings, route values and lists are
/// refused with a field error as soon as they are longer than anything valid, before any lookup, and never echoed whole.
/// </summary>
[Collection(SharedServer.Name)]
public sealed class InputCapTests(ServerFixture fixture)
{
    /// <summary>People search takes up to the longest display name (64 characters); longer is a field error on q.</summary>
    [Fact]
    public async Task UserSearch_LongerThanAnyName_Is400FieldErrorOnQ()
    {
        using var alice = await fixture.UserAsync();

        using var longest = await alice.GetAsync($"/api/users?q={new string('x', 64)}");
        using var tooLong = await alice.GetAsync($"/api/users?q={new string('x', 65)}");

        Assert.Equal(HttpStatusCode.OK, longest.StatusCode);
        var problem = await tooLong.ReadProblemAsync();
        Assert.Equal((400, "validation_failed"), (problem.Status, problem.Code));
        Assert.Contains("64", Assert.Single(problem.Errors["q"]), StringComparison.Ordinal);
    }

    /// <summary>Public room search takes up to the longest room name (80 characters); longer is a field error on q.</summary>
    [Fact]
    public async Task PublicRoomSearch_LongerThanAnyRoomName_Is400FieldErrorOnQ()
    {
        using var alice = await fixture.UserAsync();

        using var longest = await alice.GetAsync($"/api/rooms/public?q={new string('x', 80)}");
        using var tooLong = await alice.GetAsync($"/api/rooms/public?q={new string('x', 81)}");

        Assert.Equal(HttpStatusCode.OK, longest.StatusCode);
        var problem = await tooLong.ReadProblemAsync();
        Assert.Equal((400, "validation_failed"), (problem.Status, problem.Code));
        Assert.Contains("80", Assert.Single(problem.Errors["q"]), StringComparison.Ordinal);
    }

    /// <summary>A list of more people than a group holds is refused as such, without looking them up or naming them back.</summary>
    [Fact]
    public async Task OpenDirect_MorePeopleThanAGroupHolds_IsRefusedWithoutEchoingThem()
    {
        using var alice = await fixture.UserAsync();
        var usernames = Enumerable.Range(0, 2000).Select(i => $"nobody{i}").ToArray();

        using var response = await alice.PostAsync("/api/dms", new { usernames });

        var problem = await response.ReadProblemAsync();
        Assert.Equal((400, "validation_failed"), (problem.Status, problem.Code));
        var error = Assert.Single(problem.Errors["usernames"]);
        Assert.Contains("at most 10", error, StringComparison.Ordinal);
        Assert.DoesNotContain("nobody", error, StringComparison.Ordinal);
    }

    /// <summary>A name longer than any username is a field error that does not repeat it.</summary>
    [Fact]
    public async Task OpenDirect_NameLongerThanAnyUsername_IsAFieldErrorWithoutEchoingIt()
    {
        using var alice = await fixture.UserAsync();

        using var response = await alice.PostAsync("/api/dms", new { usernames = new[] { new string('n', 5000) } });

        var problem = await response.ReadProblemAsync();
        Assert.Equal((400, "validation_failed"), (problem.Status, problem.Code));
        var error = Assert.Single(problem.Errors["usernames"]);
        Assert.Contains("32", error, StringComparison.Ordinal);
        Assert.DoesNotContain("nnnnnnnn", error, StringComparison.Ordinal);
    }

    /// <summary>Blocking and unblocking take a username in the route: longer than any username, it is a field error, not echoed.</summary>
    [Fact]
    public async Task Block_UsernameLongerThanAnyUsername_Is400FieldErrorWithoutEchoingIt()
    {
        using var alice = await fixture.UserAsync();
        var name = new string('n', 2000);

        using var block = await alice.Http.PutAsync($"/api/users/{name}/block", null);
        using var unblock = await alice.DeleteAsync($"/api/users/{name}/block");

        foreach (var response in new[] { block, unblock })
        {
            var problem = await response.ReadProblemAsync();
            Assert.Equal((400, "validation_failed"), (problem.Status, problem.Code));
            Assert.DoesNotContain("nnnnnnnn", Assert.Single(problem.Errors["username"]), StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// Sign-in takes a name or email of at most 254 characters and a password of at most 256: longer ones are field
    /// errors (they match no account), so nothing that long is looked up or kept to count failures.
    /// </summary>
    [Fact]
    public async Task SignIn_NameOrPasswordLongerThanAnyAccountHas_Is400FieldErrors()
    {
        using var anonymous = ApiClient.Anonymous(fixture.Server);

        using var response = await anonymous.PostAsJsonAsync("/api/auth/token", new { username = new string('u', 255), password = new string('p', 257) });

        var problem = await response.ReadProblemAsync();
        Assert.Equal((400, "validation_failed"), (problem.Status, problem.Code));
        Assert.Contains("254", Assert.Single(problem.Errors["username"]), StringComparison.Ordinal);
        Assert.Contains("256", Assert.Single(problem.Errors["password"]), StringComparison.Ordinal);
    }

    /// <summary>A password room's password is at most 128 characters: a longer guess is a field error, not a wrong password.</summary>
    [Fact]
    public async Task JoinPasswordRoom_PasswordLongerThanAnyRoomHas_Is400FieldError()
    {
        using var alice = await fixture.UserAsync();
        using var bob = await fixture.UserAsync();
        var room = await alice.CreateRoomAsync("password", "the right one");

        using var response = await bob.PostAsync($"/api/rooms/{room.Id}/join", new { password = new string('p', 129) });

        var problem = await response.ReadProblemAsync();
        Assert.Equal((400, "validation_failed"), (problem.Status, problem.Code));
        Assert.Contains("128", Assert.Single(problem.Errors["password"]), StringComparison.Ordinal);
    }
}
