using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Parley.Accounts;
using Parley.Audit;

namespace Parley.Tests.Integration.TwoFactor;

/// <summary>Personal access tokens: made in settings, shown once, working for the API and the hub, listed, and revoked at once.</summary>
[Collection(SharedServer.Name)]
public sealed class PersonalTokensTests(ServerFixture fixture)
{
    private ParleyServer Server => fixture.Server;

    /// <summary>
    /// A two-factor account's script keeps working through a personal access token: it signs API requests and the
    /// hub, and the list shows its name, expiry and last use, never its secret.
    /// </summary>
    [Fact]
    public async Task PersonalToken_ForATwoFactorAccount_WorksForApiAndHub_AndIsListedWithoutItsSecret()
    {
        using var user = await fixture.UserAsync("patuser");
        await Authenticator.EnableAsync(user);

        var created = await ApiClient.ReadAsync<CreatedPersonalToken>(user.PostAsync("/api/me/tokens", new { name = "  backup script ", expiresInDays = 30, password = user.Password }));
        using var script = TokenClient(created.AccessToken);
        using var me = await script.GetAsync("/api/me");
        await using var hub = await HubClient.ConnectAsync(Server.BaseAddress, created.AccessToken);
        using var listResponse = await user.GetAsync("/api/me/tokens");
        var listText = await listResponse.Content.ReadAsStringAsync();
        var listed = Assert.Single(System.Text.Json.JsonSerializer.Deserialize<List<PersonalTokenDto>>(listText, Json.Options)!);

        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.True(hub.IsOpen);
        Assert.Equal("backup script", listed.Name);
        Assert.Equal(created.Token.Id, listed.Id);
        Assert.NotNull(listed.LastUsedAt);
        Assert.InRange(listed.ExpiresAt!.Value - listed.CreatedAt, TimeSpan.FromDays(30) - TimeSpan.FromMinutes(1), TimeSpan.FromDays(30) + TimeSpan.FromMinutes(1));
        Assert.DoesNotContain(created.AccessToken, listText, StringComparison.Ordinal);
        var audited = Assert.Single(await Server.AuditLogAsync(AuditActions.PersonalTokenCreated), line => line.TargetId == Id(user));
        Assert.Equal("\"backup script\", expires in 30 days", audited.Details);
    }

    /// <summary>Revoking a token closes the hub connection it holds at once and refuses its next request; the revocation is audited.</summary>
    [Fact]
    public async Task PersonalToken_Revoke_CutsItsLiveHubConnection_AndRefusesItsNextRequest()
    {
        using var user = await fixture.UserAsync("patrevoke");
        var created = await ApiClient.ReadAsync<CreatedPersonalToken>(user.PostAsync("/api/me/tokens", new { name = "bot", expiresInDays = (int?)null, password = user.Password }));
        await using var hub = await HubClient.ConnectAsync(Server.BaseAddress, created.AccessToken);

        using var revoke = await user.DeleteAsync($"/api/me/tokens/{created.Token.Id}");

        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        await hub.Closed.WaitAsync(TimeSpan.FromSeconds(5));
        using var script = TokenClient(created.AccessToken);
        using var refused = await script.GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Empty(await ApiClient.ReadAsync<List<PersonalTokenDto>>(user.GetAsync("/api/me/tokens")));
        Assert.Contains(await Server.AuditLogAsync(AuditActions.PersonalTokenRevoked), line => line.TargetId == Id(user) && line.Details == "\"bot\"");
    }

    /// <summary>A token made without expiry is listed without one, and the sessions list shows it by its name and kind.</summary>
    [Fact]
    public async Task PersonalToken_WithoutExpiry_IsListedWithoutOne_AndNamedInTheSessionsList()
    {
        using var user = await fixture.UserAsync("patforever");

        var created = await ApiClient.ReadAsync<CreatedPersonalToken>(user.PostAsync("/api/me/tokens", new { name = "forever", password = user.Password }));
        var sessions = await ApiClient.ReadAsync<List<SessionDto>>(user.GetAsync("/api/me/sessions"));

        Assert.Null(created.Token.ExpiresAt);
        Assert.Null(Assert.Single(await ApiClient.ReadAsync<List<PersonalTokenDto>>(user.GetAsync("/api/me/tokens"))).ExpiresAt);
        var listed = Assert.Single(sessions, s => s.Id == created.Token.Id);
        Assert.Equal((SessionKind.PersonalToken, "forever"), (listed.Kind, listed.Name));
    }

    /// <summary>A token needs a name of at most 64 characters and a lifetime of at least a day.</summary>
    [Fact]
    public async Task PersonalToken_WithoutNameOrWithZeroDays_IsRefused()
    {
        using var user = await fixture.UserAsync("patinvalid");

        using var noName = await user.PostAsync("/api/me/tokens", new { name = " ", expiresInDays = 30, password = user.Password });
        using var longName = await user.PostAsync("/api/me/tokens", new { name = new string('n', 65), expiresInDays = 30, password = user.Password });
        using var zeroDays = await user.PostAsync("/api/me/tokens", new { name = "script", expiresInDays = 0, password = user.Password });

        Assert.Contains("name", (await noName.ReadProblemAsync()).Errors.Keys);
        Assert.Contains("name", (await longName.ReadProblemAsync()).Errors.Keys);
        Assert.Contains("expiresInDays", (await zeroDays.ReadProblemAsync()).Errors.Keys);
        Assert.Empty(await ApiClient.ReadAsync<List<PersonalTokenDto>>(user.GetAsync("/api/me/tokens")));
    }

    /// <summary>Another person's token id answers like one that does not exist, and the token lives on.</summary>
    [Fact]
    public async Task PersonalToken_RevokeSomeoneElses_IsNotFound_AndTheTokenWorks()
    {
        using var owner = await fixture.UserAsync("patowner");
        using var other = await fixture.UserAsync("patother");
        var created = await ApiClient.ReadAsync<CreatedPersonalToken>(owner.PostAsync("/api/me/tokens", new { name = "mine", expiresInDays = 7, password = owner.Password }));

        using var attempt = await other.DeleteAsync($"/api/me/tokens/{created.Token.Id}");
        using var script = TokenClient(created.AccessToken);
        using var stillWorks = await script.GetAsync("/api/me");

        Assert.Equal((404, "personal_token_not_found"), await attempt.StatusAndCodeAsync());
        Assert.Equal(HttpStatusCode.OK, stillWorks.StatusCode);
    }

    /// <summary>
    /// A session that outlives its account's deactivation (one still in flight as an administrator deactivates it)
    /// cannot mint a token to keep the account in use, even with the right password.
    /// </summary>
    [Fact]
    public async Task PersonalToken_Create_ForADeactivatedAccount_IsRefused()
    {
        using var user = await fixture.UserAsync("patdeactivated");
        await using (var scope = Server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();
            await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.DeactivatedAt, DateTime.UtcNow));
        }

        using var refused = await user.PostAsync("/api/me/tokens", new { name = "escape hatch", expiresInDays = 30, password = user.Password });

        Assert.Equal((403, "account_deactivated"), await refused.StatusAndCodeAsync());
        Assert.DoesNotContain(await Server.AuditLogAsync(AuditActions.PersonalTokenCreated), line => line.TargetId == Id(user));
    }

    private HttpClient TokenClient(string token)
    {
        var http = ApiClient.Anonymous(Server);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    private static string Id(ApiClient user) => user.Id.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// Making a token asks for the current password, like the two-factor settings: a token outlives the browser session
/// that made it, so a hijacked session alone must not mint one. Its own server, with a lockout after three failures.
/// </summary>
public sealed class PersonalTokenPasswordTests : IAsyncLifetime
{
    private ParleyServer _server = null!;

    public async Task InitializeAsync() => _server = await ParleyServer.StartAsync(new Dictionary<string, string> { ["Parley:SignIn:MaxFailedAttempts"] = "3" });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    /// <summary>
    /// A missing password is a field error and counts nothing; wrong ones are refused and count towards the sign-in
    /// lockout, so two of them and one wrong sign-in lock the account, and then even the right password makes no token.
    /// </summary>
    [Fact]
    public async Task PersonalToken_Create_WithAWrongOrMissingPassword_IsRefusedAndCountsTowardsTheLockout()
    {
        using var user = await ApiClient.RegisterAsync(_server);
        using var anonymous = ApiClient.Anonymous(_server);

        using var missing = await user.PostAsync("/api/me/tokens", new { name = "script", expiresInDays = 30 });
        using var firstWrong = await user.PostAsync("/api/me/tokens", new { name = "script", expiresInDays = 30, password = "not the password" });
        using var secondWrong = await user.PostAsync("/api/me/tokens", new { name = "script", expiresInDays = 30, password = "still not it" });
        using var wrongSignIn = await anonymous.PostAsJsonAsync("/api/auth/token", new { username = user.Username, password = "nor this" });
        using var rightButLocked = await user.PostAsync("/api/me/tokens", new { name = "script", expiresInDays = 30, password = user.Password });

        var missingProblem = await missing.ReadProblemAsync();
        Assert.Equal((400, "validation_failed"), (missingProblem.Status, missingProblem.Code));
        Assert.Contains("password", missingProblem.Errors.Keys);
        Assert.Equal((403, "wrong_password"), await firstWrong.StatusAndCodeAsync());
        Assert.Equal((403, "wrong_password"), await secondWrong.StatusAndCodeAsync());
        Assert.Equal((429, "account_locked"), await wrongSignIn.StatusAndCodeAsync());
        Assert.Equal((429, "account_locked"), await rightButLocked.StatusAndCodeAsync());
        Assert.Empty(await ApiClient.ReadAsync<List<PersonalTokenDto>>(user.GetAsync("/api/me/tokens")));
        Assert.Empty(await _server.AuditLogAsync(AuditActions.PersonalTokenCreated));
    }
}

/// <summary>Parley:PersonalTokens:MaxLifetimeDays: a server that wants every token to expire within a limit.</summary>
public sealed class PersonalTokenLifetimeCapTests : IAsyncLifetime
{
    private ParleyServer _server = null!;

    public async Task InitializeAsync() => _server = await ParleyServer.StartAsync(new Dictionary<string, string> { ["Parley:PersonalTokens:MaxLifetimeDays"] = "90" });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    /// <summary>With a cap, a token without expiry or one past the cap is refused; one within it is made.</summary>
    [Fact]
    public async Task PersonalToken_LifetimeCap_RefusesNoExpiryAndLongerLifetimes()
    {
        using var user = await ApiClient.RegisterAsync(_server);

        using var forever = await user.PostAsync("/api/me/tokens", new { name = "forever", password = user.Password });
        using var tooLong = await user.PostAsync("/api/me/tokens", new { name = "a year", expiresInDays = 365, password = user.Password });
        using var withinCap = await user.PostAsync("/api/me/tokens", new { name = "a quarter", expiresInDays = 90, password = user.Password });

        Assert.Contains("expiresInDays", (await forever.ReadProblemAsync()).Errors.Keys);
        Assert.Contains("expiresInDays", (await tooLong.ReadProblemAsync()).Errors.Keys);
        Assert.Equal(HttpStatusCode.Created, withinCap.StatusCode);
    }
}
