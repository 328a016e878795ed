using System.Net;
using System.Net.Http.Json;

namespace Parley.Tests.Integration.Mail;

[Collection(SharedServer.Name)]
public sealed class ChangePasswordTests(ServerFixture fixture)
{
    private const string NewPassword = "a brand new passphrase for parley";

    private ParleyServer Server => fixture.Server;

    /// <summary>With the current password, the new one replaces it; without "sign out other sessions" the others keep working.</summary>
    [Fact]
    public async Task ChangePassword_RightCurrentPassword_OldOneStopsWorkingOtherSessionsStay()
    {
        using var user = await fixture.UserAsync("change");
        using var laptop = await ApiClient.SignInAsync(Server, user.Username, user.Password);

        using var response = await user.PutAsync("/api/me/password", new { currentPassword = user.Password, newPassword = NewPassword, signOutOtherSessions = false });

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        using var anonymous = ApiClient.Anonymous(Server);
        using var old = await anonymous.PostAsJsonAsync("/api/auth/token", new { username = user.Username, password = user.Password });
        Assert.Equal((401, "invalid_credentials"), await old.StatusAndCodeAsync());
        using var withNew = await ApiClient.SignInAsync(Server, user.Username, NewPassword);
        using var laptopMe = await laptop.GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.OK, laptopMe.StatusCode);
    }

    /// <summary>"Sign out other sessions" ends every other session and closes its live connections; this one stays.</summary>
    [Fact]
    public async Task ChangePassword_SignOutOtherSessions_EndsTheOthersAndTheirConnections()
    {
        using var user = await fixture.UserAsync("signout");
        using var laptop = await ApiClient.SignInAsync(Server, user.Username, user.Password);
        var room = await user.CreateRoomAsync();
        await using var laptopHub = await laptop.ConnectHubAsync();
        await using var ownHub = await user.ConnectHubAsync();

        using var response = await user.PutAsync("/api/me/password", new { currentPassword = user.Password, newPassword = NewPassword, signOutOtherSessions = true });

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await laptopHub.Closed.WaitAsync(TimeSpan.FromSeconds(5));
        using var laptopMe = await laptop.GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.Unauthorized, laptopMe.StatusCode);
        await ownHub.SendBarrierAsync(room.Id);
        Assert.True(ownHub.IsOpen);
        using var ownMe = await user.GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.OK, ownMe.StatusCode);
    }

    /// <summary>A wrong current password is 403 wrong_password and counts towards the sign-in lockout.</summary>
    [Fact]
    public async Task ChangePassword_WrongCurrentPassword_IsRefusedAndCountsTowardsTheLockout()
    {
        await using var server = await ParleyServer.StartAsync(new Dictionary<string, string> { ["Parley:SignIn:MaxFailedAttempts"] = "3" });
        using var user = await ApiClient.RegisterAsync(server, ApiClient.UniqueName("guesser"));

        var codes = new List<(int, string)>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await user.PutAsync("/api/me/password", new { currentPassword = $"wrong guess {i}", newPassword = NewPassword });
            codes.Add(await response.StatusAndCodeAsync());
        }

        Assert.Equal([(403, "wrong_password"), (403, "wrong_password"), (429, "account_locked")], codes);
        using var anonymous = ApiClient.Anonymous(server);
        using var signIn = await anonymous.PostAsJsonAsync("/api/auth/token", new { username = user.Username, password = user.Password });
        Assert.Equal((429, "account_locked"), await signIn.StatusAndCodeAsync());
    }

    /// <summary>The new password meets the same policy as at registration; failures are errors on the newPassword field.</summary>
    [Fact]
    public async Task ChangePassword_NewPasswordAgainstThePolicy_IsAFieldError()
    {
        using var user = await fixture.UserAsync("policy");

        using var common = await user.PutAsync("/api/me/password", new { currentPassword = user.Password, newPassword = "password123" });
        using var ownName = await user.PutAsync("/api/me/password", new { currentPassword = user.Password, newPassword = user.Username });
        using var tooLong = await user.PutAsync("/api/me/password", new { currentPassword = user.Password, newPassword = new string('x', 300) });

        foreach (var response in new[] { common, ownName, tooLong })
        {
            var problem = await response.ReadProblemAsync();
            Assert.Equal((400, "validation_failed"), (problem.Status, problem.Code));
            Assert.Contains("newPassword", problem.Errors.Keys);
        }

        using var stillOld = await ApiClient.SignInAsync(Server, user.Username, user.Password);
    }
}
