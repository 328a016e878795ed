using System.Net;
using System.Net.Http.Json;
using Parley.Accounts;

namespace Parley.Tests.Integration.Mail;

/// <summary>A server that requires verified addresses, sending through the fixture's SMTP server.</summary>
public sealed class VerificationFixture : IAsyncLifetime
{
    public SmtpServer Smtp { get; private set; } = null!;

    public ParleyServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Smtp = await SmtpServer.StartAsync();
        Server = await ParleyServer.StartAsync(new Dictionary<string, string>(Smtp.Settings) { ["Parley:Accounts:EmailVerification"] = "required" });
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await Smtp.DisposeAsync();
    }
}

public sealed class EmailVerificationTests(VerificationFixture fixture) : IClassFixture<VerificationFixture>
{
    private ParleyServer Server => fixture.Server;

    /// <summary>With "required", sign-up signs nobody in, sign-in is refused with email_not_verified, and the mailed link opens the account.</summary>
    [Fact]
    public async Task SignUp_VerificationRequired_NoSignInUntilTheMailedLinkIsOpened()
    {
        var (username, email, password) = NewAccount("required");
        using var browser = BrowserSession.Create(Server);

        using var registered = await browser.PostAsync("/api/auth/register", new { username, email, password });

        Assert.Equal(HttpStatusCode.Accepted, registered.StatusCode);
        Assert.Null(browser.SessionCookie(Server.BaseAddress));
        using var early = await SignInAsync(username, password);
        Assert.Equal((403, "email_not_verified"), await early.StatusAndCodeAsync());
        var mail = await fixture.Smtp.WaitForMessageAsync(email);
        Assert.Equal("Verify your email address for Parley", mail.Subject);
        var link = MailFixture.LinkIn(mail);
        Assert.Equal("/verify-email", link.AbsolutePath);

        using var verified = await VerifyAsync(MailFixture.TokenOf(link));

        Assert.Equal(HttpStatusCode.NoContent, verified.StatusCode);
        using var user = await ApiClient.SignInAsync(Server, username, password);
        Assert.True(user.Me.EmailVerified);
    }

    /// <summary>A verification link works once.</summary>
    [Fact]
    public async Task VerifyEmail_LinkUsedTwice_SecondUseIsInvalidToken()
    {
        var (_, email, _) = await RegisterUnverifiedAsync("twice");
        var token = MailFixture.TokenOf(MailFixture.LinkIn(await fixture.Smtp.WaitForMessageAsync(email)));
        (await VerifyAsync(token)).Dispose();

        using var again = await VerifyAsync(token);

        Assert.Equal((400, "invalid_token"), await again.StatusAndCodeAsync());
    }

    /// <summary>Asking for a new link answers the same for any address; only an unverified account's address gets a mail.</summary>
    [Fact]
    public async Task ResendVerification_KnownAndUnknownAddress_SameAnswerMailOnlyForTheAccount()
    {
        var (_, email, _) = await RegisterUnverifiedAsync("resend");
        await fixture.Smtp.WaitForMessageAsync(email);
        var unknown = $"{ApiClient.UniqueName("nobody")}@example.com";
        using var browser = BrowserSession.Create(Server);

        using var forUnknown = await browser.PostAsync("/api/auth/resend-verification", new { email = unknown });
        using var forKnown = await browser.PostAsync("/api/auth/resend-verification", new { email });

        Assert.Equal(HttpStatusCode.Accepted, forKnown.StatusCode);
        Assert.Equal(forKnown.StatusCode, forUnknown.StatusCode);
        Assert.Equal(await forKnown.Content.ReadAsStringAsync(), await forUnknown.Content.ReadAsStringAsync());
        // Mail leaves in the order it was asked for: once the second link to the account arrives, one to the unknown address would have.
        var second = await fixture.Smtp.WaitForMessageAsync(email, alreadySeen: 1);
        Assert.Empty(fixture.Smtp.To(unknown));
        using var verified = await VerifyAsync(MailFixture.TokenOf(MailFixture.LinkIn(second)));
        Assert.Equal(HttpStatusCode.NoContent, verified.StatusCode);
    }

    /// <summary>
    /// A new address takes over only once confirmed from it: until then the old one stays (and signs in); the link works once.
    /// </summary>
    [Fact]
    public async Task ChangeEmail_ConfirmedFromTheNewAddress_SwitchesOnlyThen()
    {
        using var user = await VerifiedUserAsync("mover");
        var oldEmail = user.Me.Email;
        var newEmail = $"{ApiClient.UniqueName("moved")}@example.org";

        using var asked = await user.PutAsync("/api/me/email", new { newEmail, password = user.Password });

        Assert.Equal(HttpStatusCode.Accepted, asked.StatusCode);
        Assert.Equal(oldEmail, (await ApiClient.ReadAsync<MeDto>(user.GetAsync("/api/me"))).Email);
        var mail = await fixture.Smtp.WaitForMessageAsync(newEmail);
        Assert.Equal("Confirm your new email address for Parley", mail.Subject);
        Assert.Equal(oldEmail, (await ApiClient.ReadAsync<MeDto>(user.GetAsync("/api/me"))).Email);
        var token = MailFixture.TokenOf(MailFixture.LinkIn(mail));

        using var confirmed = await VerifyAsync(token);
        using var again = await VerifyAsync(token);

        Assert.Equal(HttpStatusCode.NoContent, confirmed.StatusCode);
        Assert.Equal((400, "invalid_token"), await again.StatusAndCodeAsync());
        var me = await ApiClient.ReadAsync<MeDto>(user.GetAsync("/api/me"));
        Assert.Equal((newEmail, true), (me.Email, me.EmailVerified));
        using var byNewEmail = await ApiClient.SignInAsync(Server, newEmail, user.Password);
    }

    /// <summary>Changing the address needs the account's password: a wrong one is 403 wrong_password and no mail goes out.</summary>
    [Fact]
    public async Task ChangeEmail_WrongPassword_IsRefused()
    {
        using var user = await VerifiedUserAsync("thief");
        var newEmail = $"{ApiClient.UniqueName("stolen")}@example.org";

        using var response = await user.PutAsync("/api/me/email", new { newEmail, password = "not the password" });
        using var taken = await user.PutAsync("/api/me/email", new { newEmail = user.Me.Email, password = user.Password });

        Assert.Equal((403, "wrong_password"), await response.StatusAndCodeAsync());
        Assert.Equal((400, "validation_failed"), await taken.StatusAndCodeAsync());
        Assert.Empty(fixture.Smtp.To(newEmail));
    }

    /// <summary>With "optional", sign-up signs in at once, Me says the address is unverified, and a link is mailed.</summary>
    [Fact]
    public async Task SignUp_VerificationOptional_SignsInAndMailsALink()
    {
        await using var server = await ParleyServer.StartAsync(new Dictionary<string, string>(fixture.Smtp.Settings) { ["Parley:Accounts:EmailVerification"] = "optional" });
        using var anonymous = ApiClient.Anonymous(server);
        Assert.Equal("optional", (await anonymous.GetFromJsonAsync<EmailVerificationResponse>("/api/auth/email-verification", Json.Options))!.Mode);

        using var user = await ApiClient.RegisterAsync(server, ApiClient.UniqueName("optional"));

        Assert.False(user.Me.EmailVerified);
        var mail = await fixture.Smtp.WaitForMessageAsync(user.Me.Email);
        Assert.Equal("Verify your email address for Parley", mail.Subject);
    }

    private static (string Username, string Email, string Password) NewAccount(string prefix)
    {
        var username = ApiClient.UniqueName(prefix);
        return (username, $"{username}@example.com", $"pw-{Guid.NewGuid():N}");
    }

    private async Task<(string Username, string Email, string Password)> RegisterUnverifiedAsync(string prefix)
    {
        var account = NewAccount(prefix);
        using var browser = BrowserSession.Create(Server);
        using var response = await browser.PostAsync("/api/auth/register", new { username = account.Username, email = account.Email, password = account.Password });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return account;
    }

    private async Task<ApiClient> VerifiedUserAsync(string prefix)
    {
        var (username, email, password) = await RegisterUnverifiedAsync(prefix);
        (await VerifyAsync(MailFixture.TokenOf(MailFixture.LinkIn(await fixture.Smtp.WaitForMessageAsync(email))))).Dispose();
        return await ApiClient.SignInAsync(Server, username, password);
    }

    private async Task<HttpResponseMessage> SignInAsync(string username, string password)
    {
        using var anonymous = ApiClient.Anonymous(Server);
        return await anonymous.PostAsJsonAsync("/api/auth/token", new { username, password });
    }

    private async Task<HttpResponseMessage> VerifyAsync(string token)
    {
        using var browser = BrowserSession.Create(Server);
        return await browser.PostAsync("/api/auth/verify-email", new { token });
    }
}
