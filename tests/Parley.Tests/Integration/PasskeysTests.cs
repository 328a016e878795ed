using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Parley.Accounts;
using Parley.Audit;

namespace Parley.Tests.Integration;

/// <summary>
/// Passkeys over HTTP with an authenticator in memory (SoftwareAuthenticator): adding one needs the password, signing
/// in with one makes a browser session like the password does, and every refusal a person could run into.
/// </summary>
[Collection(SharedServer.Name)]
public sealed class PasskeysTests(ServerFixture fixture)
{
    private ParleyServer Server => fixture.Server;

    /// <summary>The options ask the browser for a discoverable passkey with a PIN or biometric check, for this server's host and this account.</summary>
    [Fact]
    public async Task CreationOptions_AskForADiscoverableVerifiedPasskey_ForThisHostAndAccount()
    {
        using var user = await fixture.UserAsync("pkopts");

        var started = await ApiClient.ReadAsync<PasskeyOptionsResponse>(user.PostAsync("/api/me/passkeys/creation-options", new { currentPassword = user.Password }));

        var options = started.Options;
        Assert.Equal(Server.BaseAddress.Host, options.GetProperty("rp").GetProperty("id").GetString());
        Assert.Equal(user.Username, options.GetProperty("user").GetProperty("name").GetString());
        var selection = options.GetProperty("authenticatorSelection");
        Assert.Equal(("required", "required"), (selection.GetProperty("residentKey").GetString(), selection.GetProperty("userVerification").GetString()));
        Assert.True(options.GetProperty("challenge").GetString()!.Length >= 22);
        Assert.Equal(PasskeyCeremonies.IdLength, started.CeremonyId.Length);
    }

    /// <summary>A session alone cannot add a passkey: without the right current password nothing starts.</summary>
    [Fact]
    public async Task CreationOptions_WrongOrMissingPassword_IsRefused()
    {
        using var user = await fixture.UserAsync("pkpass");

        using var wrong = await user.PostAsync("/api/me/passkeys/creation-options", new { currentPassword = "not my password" });
        using var missing = await user.PostAsync("/api/me/passkeys/creation-options", new { });

        Assert.Equal((403, "wrong_password"), await wrong.StatusAndCodeAsync());
        Assert.Equal((400, "validation_failed"), await missing.StatusAndCodeAsync());
    }

    /// <summary>Someone signed out can neither start nor finish adding a passkey.</summary>
    [Fact]
    public async Task Add_SignedOut_IsRefused()
    {
        using var anonymous = ApiClient.Anonymous(Server);

        using var options = await anonymous.PostAsJsonAsync("/api/me/passkeys/creation-options", new { currentPassword = "whatever" }, Json.Options);
        using var add = await anonymous.PostAsJsonAsync("/api/me/passkeys", new { ceremonyId = "x", credential = new { } }, Json.Options);

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (options.StatusCode, add.StatusCode));
    }

    /// <summary>
    /// The whole round: a passkey added in settings signs the person in from a browser without a username or password,
    /// as a revocable browser session, recorded in the audit log and shown as last used in the list.
    /// </summary>
    [Fact]
    public async Task SignIn_WithAnAddedPasskey_StartsABrowserSession_AndIsAudited()
    {
        using var user = await fixture.UserAsync("pkround");
        using var authenticator = new SoftwareAuthenticator(Server.BaseAddress);
        var added = await AddPasskeyAsync(user, authenticator, "My laptop");
        using var browser = BrowserSession.Create(Server);

        using var signIn = await SignInAsync(browser, authenticator);

        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Equal(user.Id, (await signIn.Content.ReadFromJsonAsync<MeDto>(Json.Options))!.Id);
        Assert.NotNull(browser.SessionCookie(Server.BaseAddress));
        var me = await ApiClient.ReadAsync<MeDto>(browser.Http.GetAsync("/api/me"));
        Assert.Equal(user.Username, me.Username);
        var sessions = await ApiClient.ReadAsync<List<SessionDto>>(user.GetAsync("/api/me/sessions"));
        Assert.Equal(2, sessions.Count(s => s.Kind == SessionKind.Browser));
        var listed = Assert.Single(await ApiClient.ReadAsync<List<PasskeyDto>>(user.GetAsync("/api/me/passkeys")));
        Assert.Equal((added.Id, "My laptop"), (listed.Id, listed.Name));
        Assert.NotNull(listed.LastUsedAt);
        Assert.Contains(await Server.AuditLogAsync(AuditActions.PasskeyAdded), e => e.ActorId == user.Id && e.Details == "My laptop");
        Assert.Contains(await Server.AuditLogAsync(AuditActions.SignInSucceeded), e => e.ActorId == user.Id && e.Details == "Passkey");
    }

    /// <summary>A passkey's answer signs in once: sending the same answer again (a replay) is refused.</summary>
    [Fact]
    public async Task SignIn_SameAnswerTwice_IsRefusedTheSecondTime()
    {
        using var user = await fixture.UserAsync("pkreplay");
        using var authenticator = new SoftwareAuthenticator(Server.BaseAddress);
        await AddPasskeyAsync(user, authenticator);
        using var browser = BrowserSession.Create(Server);
        var started = await ApiClient.ReadAsync<PasskeyOptionsResponse>(browser.PostAsync("/api/auth/passkey/request-options"));
        var answer = new { ceremonyId = started.CeremonyId, credential = authenticator.Get(started.Options) };

        using var first = await browser.PostAsync("/api/auth/passkey/sign-in", answer);
        using var replay = await BrowserSession.Create(Server).PostAsync("/api/auth/passkey/sign-in", answer);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal((400, "passkey_failed"), await replay.StatusAndCodeAsync());
    }

    /// <summary>An administrator's deactivation holds against passkeys too: the right passkey gets 403 account_deactivated and no session.</summary>
    [Fact]
    public async Task SignIn_DeactivatedAccount_IsRefused()
    {
        using var user = await fixture.UserAsync("pkdeact");
        using var authenticator = new SoftwareAuthenticator(Server.BaseAddress);
        await AddPasskeyAsync(user, authenticator);
        await using (var scope = Server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();
            await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.DeactivatedAt, DateTime.UtcNow));
        }

        using var browser = BrowserSession.Create(Server);
        using var signIn = await SignInAsync(browser, authenticator);

        Assert.Equal((403, "account_deactivated"), await signIn.StatusAndCodeAsync());
        Assert.Null(browser.SessionCookie(Server.BaseAddress));
        Assert.Contains(await Server.AuditLogAsync(AuditActions.SignInFailed), e => e.TargetId == user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) && e.Details!.StartsWith("Passkey", StringComparison.Ordinal));
    }

    /// <summary>Removing a passkey from the account ends its use: the authenticator still holds it, but it signs no one in.</summary>
    [Fact]
    public async Task SignIn_WithARemovedPasskey_IsRefused_AndTheRemovalIsAudited()
    {
        using var user = await fixture.UserAsync("pkremoved");
        using var authenticator = new SoftwareAuthenticator(Server.BaseAddress);
        var added = await AddPasskeyAsync(user, authenticator);

        using var remove = await user.DeleteAsync($"/api/me/passkeys/{added.Id}");
        using var browser = BrowserSession.Create(Server);
        using var signIn = await SignInAsync(browser, authenticator);

        Assert.Equal(HttpStatusCode.NoContent, remove.StatusCode);
        Assert.Equal((401, "passkey_failed"), await signIn.StatusAndCodeAsync());
        Assert.Empty(await ApiClient.ReadAsync<List<PasskeyDto>>(user.GetAsync("/api/me/passkeys")));
        Assert.Contains(await Server.AuditLogAsync(AuditActions.PasskeyRemoved), e => e.ActorId == user.Id);
    }

    /// <summary>A passkey id is no key to another account: someone else's passkey answers 404 to rename and remove, and keeps working.</summary>
    [Fact]
    public async Task RenameOrRemove_AnotherUsersPasskey_IsNotFound_AndItStillSignsIn()
    {
        using var alice = await fixture.UserAsync("pkalice");
        using var bob = await fixture.UserAsync("pkbob");
        using var bobsAuthenticator = new SoftwareAuthenticator(Server.BaseAddress);
        var bobs = await AddPasskeyAsync(bob, bobsAuthenticator);

        using var rename = await alice.PatchAsync($"/api/me/passkeys/{bobs.Id}", new { name = "mine now" });
        using var remove = await alice.DeleteAsync($"/api/me/passkeys/{bobs.Id}");

        Assert.Equal((404, "passkey_not_found"), await rename.StatusAndCodeAsync());
        Assert.Equal((404, "passkey_not_found"), await remove.StatusAndCodeAsync());
        using var signIn = await SignInAsync(BrowserSession.Create(Server), bobsAuthenticator);
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Equal(bobs.Name, Assert.Single(await ApiClient.ReadAsync<List<PasskeyDto>>(bob.GetAsync("/api/me/passkeys"))).Name);
    }

    /// <summary>Names are checked like other names people see: trimmed, at most 50 characters, not empty.</summary>
    [Fact]
    public async Task Rename_ChangesTheListedName_AndChecksIt()
    {
        using var user = await fixture.UserAsync("pkrename");
        using var authenticator = new SoftwareAuthenticator(Server.BaseAddress);
        var added = await AddPasskeyAsync(user, authenticator);

        var renamed = await ApiClient.ReadAsync<PasskeyDto>(user.PatchAsync($"/api/me/passkeys/{added.Id}", new { name = "  Phone  " }));
        using var tooLong = await user.PatchAsync($"/api/me/passkeys/{added.Id}", new { name = new string('x', Passkeys.MaxNameLength + 1) });
        using var empty = await user.PatchAsync($"/api/me/passkeys/{added.Id}", new { name = " " });

        Assert.Equal("Phone", renamed.Name);
        Assert.Equal((400, "validation_failed"), await tooLong.StatusAndCodeAsync());
        Assert.Equal((400, "validation_failed"), await empty.StatusAndCodeAsync());
        Assert.Equal("Phone", Assert.Single(await ApiClient.ReadAsync<List<PasskeyDto>>(user.GetAsync("/api/me/passkeys"))).Name);
    }

    /// <summary>Options fetched by one account cannot finish a registration for another: the ceremony belongs to its session.</summary>
    [Fact]
    public async Task Add_WithAnotherAccountsCeremony_IsRefused()
    {
        using var alice = await fixture.UserAsync("pkcera");
        using var mallory = await fixture.UserAsync("pkcerm");
        using var authenticator = new SoftwareAuthenticator(Server.BaseAddress);
        var started = await ApiClient.ReadAsync<PasskeyOptionsResponse>(alice.PostAsync("/api/me/passkeys/creation-options", new { currentPassword = alice.Password }));

        using var add = await mallory.PostAsync("/api/me/passkeys", new { ceremonyId = started.CeremonyId, credential = authenticator.Create(started.Options) });

        Assert.Equal((400, "passkey_failed"), await add.StatusAndCodeAsync());
        Assert.Empty(await ApiClient.ReadAsync<List<PasskeyDto>>(mallory.GetAsync("/api/me/passkeys")));
        Assert.Empty(await ApiClient.ReadAsync<List<PasskeyDto>>(alice.GetAsync("/api/me/passkeys")));
    }

    private static async Task<PasskeyDto> AddPasskeyAsync(ApiClient user, SoftwareAuthenticator authenticator, string? name = null)
    {
        var started = await ApiClient.ReadAsync<PasskeyOptionsResponse>(user.PostAsync("/api/me/passkeys/creation-options", new { currentPassword = user.Password }));
        using var added = await user.PostAsync("/api/me/passkeys", new { ceremonyId = started.CeremonyId, credential = authenticator.Create(started.Options), name });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        return (await added.Content.ReadFromJsonAsync<PasskeyDto>(Json.Options))!;
    }

    private static async Task<HttpResponseMessage> SignInAsync(BrowserSession browser, SoftwareAuthenticator authenticator)
    {
        var started = await ApiClient.ReadAsync<PasskeyOptionsResponse>(browser.PostAsync("/api/auth/passkey/request-options"));
        return await browser.PostAsync("/api/auth/passkey/sign-in", new { ceremonyId = started.CeremonyId, credential = authenticator.Get(started.Options) });
    }
}
