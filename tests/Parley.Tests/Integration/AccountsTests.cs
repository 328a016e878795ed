using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Parley.Accounts;

namespace Parley.Tests.Integration;

[Collection(SharedServer.Name)]
public sealed class AccountsTests(ServerFixture fixture)
{
    private ParleyServer Server => fixture.Server;

    [Fact]
    public async Task Register_ValidDetails_CreatesAccountAndSignsInWithHttpOnlyStrictCookie()
    {
        using var browser = BrowserSession.Create(Server);
        var username = ApiClient.UniqueName("newbie");

        using var response = await browser.PostAsync("/api/auth/register", new { username, email = $"{username}@example.com", password = "a long enough passphrase", displayName = "New Bie" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var setCookie = string.Join(";", response.Headers.GetValues("Set-Cookie").Where(c => c.StartsWith("parley.session=", StringComparison.Ordinal)));
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        var me = await browser.Http.GetFromJsonAsync<MeDto>("/api/me", Json.Options);
        Assert.Equal(username, me!.Username);
        Assert.Equal("New Bie", me.DisplayName);
    }

    [Fact]
    public async Task Register_UsernameTakenInAnotherCase_IsRefusedOnTheUsernameField()
    {
        using var taken = await fixture.UserAsync("Taken");
        using var browser = BrowserSession.Create(Server);

        using var response = await browser.PostAsync("/api/auth/register", new { username = taken.Username.ToUpperInvariant(), email = "other@example.com", password = "a long enough passphrase" });

        var problem = await response.ReadProblemAsync();
        Assert.Equal(400, problem.Status);
        Assert.Equal("validation_failed", problem.Code);
        Assert.Contains("taken", problem.Errors["username"][0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_EmailTaken_IsRefusedOnTheEmailField()
    {
        using var taken = await fixture.UserAsync("mail");
        using var browser = BrowserSession.Create(Server);

        using var response = await browser.PostAsync("/api/auth/register", new { username = ApiClient.UniqueName(), email = taken.Me.Email.ToUpperInvariant(), password = "a long enough passphrase" });

        var problem = await response.ReadProblemAsync();
        Assert.Contains("already exists", problem.Errors["email"][0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_EveryFieldWrong_ReportsEachFieldAndCreatesNothing()
    {
        using var browser = BrowserSession.Create(Server);

        using var response = await browser.PostAsync("/api/auth/register", new { username = "a b", email = "not-an-email", password = "short" });

        var problem = await response.ReadProblemAsync();
        Assert.Equal(["email", "password", "username"], problem.Errors.Keys.Order());
        using var anonymous = ApiClient.Anonymous(Server);
        using var token = await anonymous.PostAsJsonAsync("/api/auth/token", new { username = "a b", password = "short" });
        Assert.Equal(HttpStatusCode.Unauthorized, token.StatusCode);
    }

    [Theory]
    [InlineData("password1234", "too common")]
    [InlineData("short", "at least 10")]
    public async Task Register_WeakPassword_SaysWhy(string password, string expected)
    {
        using var browser = BrowserSession.Create(Server);
        var username = ApiClient.UniqueName();

        using var response = await browser.PostAsync("/api/auth/register", new { username, email = $"{username}@example.com", password });

        var problem = await response.ReadProblemAsync();
        Assert.Contains(problem.Errors["password"], e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Register_PasswordSameAsUsername_IsRefused()
    {
        using var browser = BrowserSession.Create(Server);
        var username = ApiClient.UniqueName("samesame");

        using var response = await browser.PostAsync("/api/auth/register", new { username, email = $"{username}@example.com", password = username });

        Assert.Contains((await response.ReadProblemAsync()).Errors["password"], e => e.Contains("username or email", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Register_WithoutAntiforgeryToken_IsRefused()
    {
        using var browser = BrowserSession.Create(Server);
        var username = ApiClient.UniqueName();

        using var response = await browser.PostAsync("/api/auth/register", new { username, email = $"{username}@example.com", password = "a long enough passphrase" }, refreshAntiforgery: false);

        var problem = await response.ReadProblemAsync();
        Assert.Equal("antiforgery_failed", problem.Code);
        Assert.Contains("X-CSRF-TOKEN", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PasswordPolicy_IsPublishedForTheSignUpForm()
    {
        using var anonymous = ApiClient.Anonymous(Server);
        var policy = await anonymous.GetFromJsonAsync<PasswordPolicyResponse>("/api/auth/password-policy", Json.Options);
        Assert.Equal(10, policy!.MinLength);
        Assert.Equal(PasswordPolicy.Rules, policy.Rules);
    }

    [Fact]
    public async Task Login_WithUsernameOrEmail_SetsTheSessionCookie()
    {
        using var user = await fixture.UserAsync("login");
        foreach (var name in new[] { user.Username, user.Me.Email, user.Username.ToUpperInvariant() })
        {
            using var browser = BrowserSession.Create(Server);
            using var response = await browser.PostAsync("/api/auth/login", new { username = name, password = user.Password });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.NotNull(browser.SessionCookie(Server.BaseAddress));
        }
    }

    [Fact]
    public async Task Login_WrongPasswordAndUnknownUser_GetTheSameAnswer()
    {
        using var user = await fixture.UserAsync("same");
        using var browser = BrowserSession.Create(Server);

        using var wrongPassword = await browser.PostAsync("/api/auth/login", new { username = user.Username, password = "not the password at all" });
        using var unknownUser = await browser.PostAsync("/api/auth/login", new { username = ApiClient.UniqueName("ghost"), password = "not the password at all" });

        var a = await wrongPassword.ReadProblemAsync();
        var b = await unknownUser.ReadProblemAsync();
        Assert.Equal((401, "invalid_credentials"), (a.Status, a.Code));
        Assert.Equal((a.Status, a.Code, a.Detail), (b.Status, b.Code, b.Detail));
    }

    [Fact]
    public async Task Login_FiveFailures_LockTheAccountEvenForTheRightPassword_AndUnknownNamesLookTheSame()
    {
        using var user = await fixture.UserAsync("locked");
        var ghost = ApiClient.UniqueName("ghost");
        using var anonymous = ApiClient.Anonymous(Server);

        var realAnswers = new List<Problem>();
        var ghostAnswers = new List<Problem>();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var real = await anonymous.PostAsJsonAsync("/api/auth/token", new { username = user.Username, password = "wrong password " + attempt });
            using var fake = await anonymous.PostAsJsonAsync("/api/auth/token", new { username = ghost, password = "wrong password " + attempt });
            realAnswers.Add(await real.ReadProblemAsync());
            ghostAnswers.Add(await fake.ReadProblemAsync());
        }

        using var rightPassword = await anonymous.PostAsJsonAsync("/api/auth/token", new { username = user.Username, password = user.Password });
        var locked = await rightPassword.ReadProblemAsync();
        Assert.Equal((429, "account_locked"), (locked.Status, locked.Code));
        Assert.Contains("5 minutes", locked.Detail, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromMinutes(5), rightPassword.Headers.RetryAfter?.Delta);
        Assert.Equal(realAnswers.Select(p => p.Code), ghostAnswers.Select(p => p.Code));
        Assert.Equal(["invalid_credentials", "invalid_credentials", "invalid_credentials", "invalid_credentials", "account_locked"], realAnswers.Select(p => p.Code));
    }

    [Fact]
    public async Task Token_AuthenticatesApiCalls_AndReportsItsExpiry()
    {
        using var user = await fixture.UserAsync("token");
        using var anonymous = ApiClient.Anonymous(Server);

        var token = await ApiClient.ReadAsync<AccessTokenResponse>(anonymous.PostAsJsonAsync("/api/auth/token", new { username = user.Username, password = user.Password }));

        Assert.InRange(token.ExpiresAt, DateTime.UtcNow.AddDays(6), DateTime.UtcNow.AddDays(8));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
        using var me = await anonymous.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
    }

    [Fact]
    public async Task Me_SignedOut_Is401ProblemDetails()
    {
        using var anonymous = ApiClient.Anonymous(Server);
        using var response = await anonymous.GetAsync("/api/me");
        var problem = await response.ReadProblemAsync();
        Assert.Equal((401, "not_signed_in"), (problem.Status, problem.Code));
    }

    [Fact]
    public async Task Logout_Cookie_TheOldCookieNoLongerWorks()
    {
        using var user = await fixture.UserAsync("logout");
        using var browser = BrowserSession.Create(Server);
        (await browser.PostAsync("/api/auth/login", new { username = user.Username, password = user.Password })).Dispose();
        var stolenCookie = browser.SessionCookie(Server.BaseAddress)!;

        using var logout = await browser.PostAsync("/api/auth/logout");
        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);

        // Replaying the cookie captured before sign-out must not bring the session back.
        using var replay = new HttpClient { BaseAddress = Server.BaseAddress };
        replay.DefaultRequestHeaders.Add("Cookie", $"parley.session={stolenCookie}");
        using var me = await replay.GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
    }

    [Fact]
    public async Task Logout_Token_RevokesThatTokenOnly()
    {
        using var first = await fixture.UserAsync("tokens");
        using var second = await ApiClient.SignInAsync(Server, first.Username, first.Password);

        using var logout = await first.PostAsync("/api/auth/logout");
        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);

        using var revoked = await first.GetAsync("/api/me");
        using var stillValid = await second.GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stillValid.StatusCode);
    }

    [Fact]
    public async Task Logout_EndsThatSessionsLiveConnections_ButNotTheUsersOtherSessions()
    {
        using var phone = await fixture.UserAsync("twodevices");
        using var laptop = await ApiClient.SignInAsync(Server, phone.Username, phone.Password);
        var room = await phone.CreateRoomAsync();
        await using var phoneHub = await phone.ConnectHubAsync();
        await using var laptopHub = await laptop.ConnectHubAsync();

        (await phone.PostAsync("/api/auth/logout")).Dispose();

        await phoneHub.Closed.WaitAsync(TimeSpan.FromSeconds(5));
        // The sign-out closed the session's connections before it answered: a round trip now shows the laptop's is alive.
        await laptopHub.SendBarrierAsync(room.Id);
        Assert.True(laptopHub.IsOpen);
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => HubClient.ConnectAsync(Server.BaseAddress, phone.AccessToken));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task Logout_BrowserSession_ClosesItsCookieAuthenticatedHubConnection()
    {
        using var user = await fixture.UserAsync("cookiehub");
        using var browser = BrowserSession.Create(Server);
        (await browser.PostAsync("/api/auth/login", new { username = user.Username, password = user.Password })).Dispose();
        await using var hub = await HubClient.ConnectWithCookieAsync(Server.BaseAddress, browser.SessionCookie(Server.BaseAddress)!);

        (await browser.PostAsync("/api/auth/logout")).Dispose();

        await hub.Closed.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task CookieRequest_ChangingState_WithoutAntiforgeryHeader_IsRefused()
    {
        using var user = await fixture.UserAsync("csrf");
        using var browser = BrowserSession.Create(Server);
        (await browser.PostAsync("/api/auth/login", new { username = user.Username, password = user.Password })).Dispose();

        // A forged cross-site request carries the cookie (if the browser sent it at all) but not the header.
        browser.Http.DefaultRequestHeaders.Remove(AccountsSetup.AntiforgeryHeader);
        using var forged = await browser.Http.PostAsJsonAsync("/api/rooms", new { name = "forged", visibility = "public" });
        Assert.Equal("antiforgery_failed", (await forged.ReadProblemAsync()).Code);

        await browser.RefreshAntiforgeryAsync();
        using var genuine = await browser.Http.PostAsJsonAsync("/api/rooms", new { name = "genuine", visibility = "public" });
        Assert.Equal(HttpStatusCode.Created, genuine.StatusCode);
    }
}
