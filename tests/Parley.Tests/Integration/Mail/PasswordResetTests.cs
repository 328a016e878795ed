using System.Net;
using System.Net.Http.Json;

namespace Parley.Tests.Integration.Mail;

public sealed class PasswordResetTests(MailFixture fixture) : IClassFixture<MailFixture>
{
    private const string NewPassword = "a brand new passphrase for parley";

    private ParleyServer Server => fixture.Server;

    /// <summary>"Forgot password" mails the account's address a link on the public base URL, in text and in HTML.</summary>
    [Fact]
    public async Task ForgotPassword_KnownAddress_MailsAResetLinkOnThePublicAddress()
    {
        using var user = await fixture.UserAsync("forgot");

        using var response = await fixture.ForgotPasswordAsync(MailFixture.EmailOf(user));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var mail = await fixture.Smtp.WaitForMessageAsync(MailFixture.EmailOf(user));
        Assert.Equal("Reset your Parley password", mail.Subject);
        Assert.Equal("parley@test.example", mail.From.Mailboxes.Single().Address);
        var link = MailFixture.LinkIn(mail);
        Assert.StartsWith(MailFixture.PublicBaseUrl + "reset-password?token=", link.AbsoluteUri, StringComparison.Ordinal);
        Assert.Contains(user.Username, mail.TextBody, StringComparison.Ordinal);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(link.AbsoluteUri), mail.HtmlBody, StringComparison.Ordinal);
    }

    /// <summary>The answer never tells whether an account has the address: same status, same body, and no mail goes out.</summary>
    [Fact]
    public async Task ForgotPassword_UnknownAddress_SameAnswerAsAKnownOneAndNoMail()
    {
        using var user = await fixture.UserAsync("known");
        var unknown = $"{ApiClient.UniqueName("nobody")}@example.com";

        using var forUnknown = await fixture.ForgotPasswordAsync(unknown);
        using var forKnown = await fixture.ForgotPasswordAsync(MailFixture.EmailOf(user));

        Assert.Equal(forKnown.StatusCode, forUnknown.StatusCode);
        Assert.Equal(await forKnown.Content.ReadAsStringAsync(), await forUnknown.Content.ReadAsStringAsync());
        // Mail leaves in the order it was asked for: once the known account's mail is delivered, an unknown one would be too.
        await fixture.Smtp.WaitForMessageAsync(MailFixture.EmailOf(user));
        Assert.Empty(fixture.Smtp.To(unknown));
    }

    /// <summary>The mailed link sets the new password, the old one stops working, and every session (tokens and live connections) ends.</summary>
    [Fact]
    public async Task ResetPassword_MailedLink_SetsThePasswordAndEndsEverySession()
    {
        using var user = await fixture.UserAsync("reset");
        await using var hub = await user.ConnectHubAsync();
        var token = await fixture.MailedResetTokenAsync(user);

        using var response = await fixture.ResetPasswordAsync(token, NewPassword);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await hub.Closed.WaitAsync(TimeSpan.FromSeconds(5));
        using var oldSession = await user.GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.Unauthorized, oldSession.StatusCode);
        using var anonymous = ApiClient.Anonymous(Server);
        using var oldPassword = await anonymous.PostAsJsonAsync("/api/auth/token", new { username = user.Username, password = user.Password });
        Assert.Equal((401, "invalid_credentials"), await oldPassword.StatusAndCodeAsync());
        using var signedIn = await ApiClient.SignInAsync(Server, user.Username, NewPassword);
        Assert.Equal(user.Id, signedIn.Id);
    }

    /// <summary>A link works once: the password change renews the account's security stamp, which the token is bound to.</summary>
    [Fact]
    public async Task ResetPassword_LinkUsedTwice_SecondUseIsInvalidToken()
    {
        using var user = await fixture.UserAsync("twice");
        var token = await fixture.MailedResetTokenAsync(user);
        (await fixture.ResetPasswordAsync(token, NewPassword)).Dispose();

        using var again = await fixture.ResetPasswordAsync(token, "yet another passphrase of mine");

        Assert.Equal((400, "invalid_token"), await again.StatusAndCodeAsync());
        using var signedIn = await ApiClient.SignInAsync(Server, user.Username, NewPassword);
    }

    /// <summary>A link older than an hour is refused, with the same answer as any other bad link; a younger one still works.</summary>
    [Fact]
    public async Task ResetPassword_LinkOlderThanAnHour_IsInvalidToken()
    {
        using var user = await fixture.UserAsync("expired");
        var expired = await fixture.ResetTokenCreatedAgoAsync(user, TimeSpan.FromMinutes(61));
        var stillValid = await fixture.ResetTokenCreatedAgoAsync(user, TimeSpan.FromMinutes(59));

        using var refused = await fixture.ResetPasswordAsync(expired, NewPassword);
        using var accepted = await fixture.ResetPasswordAsync(stillValid, NewPassword);

        Assert.Equal((400, "invalid_token"), await refused.StatusAndCodeAsync());
        Assert.Equal(HttpStatusCode.NoContent, accepted.StatusCode);
    }

    /// <summary>A token carries its account: pointed at another account (or garbled), it is refused, and that account's password stays.</summary>
    [Fact]
    public async Task ResetPassword_TokenForAnotherAccount_IsInvalidToken()
    {
        using var owner = await fixture.UserAsync("owner");
        using var victim = await fixture.UserAsync("victim");
        var token = await fixture.MailedResetTokenAsync(owner);
        var text = System.Text.Encoding.UTF8.GetString(Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlDecode(token));
        var retargeted = Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(
            System.Text.Encoding.UTF8.GetBytes($"{victim.Id}{text[text.IndexOf(':', StringComparison.Ordinal)..]}"));

        using var forVictim = await fixture.ResetPasswordAsync(retargeted, NewPassword);
        using var garbled = await fixture.ResetPasswordAsync("not-a-token", NewPassword);

        var problem = await forVictim.ReadProblemAsync();
        Assert.Equal((400, "invalid_token"), (problem.Status, problem.Code));
        Assert.Equal(problem.Detail, (await garbled.ReadProblemAsync()).Detail);
        using var victimStillSignsIn = await ApiClient.SignInAsync(Server, victim.Username, victim.Password);
    }

    /// <summary>The new password goes through the same policy as at registration, as errors on the newPassword field.</summary>
    [Fact]
    public async Task ResetPassword_WeakPassword_IsAFieldErrorAndTheLinkStillWorks()
    {
        using var user = await fixture.UserAsync("weak");
        var token = await fixture.MailedResetTokenAsync(user);

        using var weak = await fixture.ResetPasswordAsync(token, "short");
        using var strong = await fixture.ResetPasswordAsync(token, NewPassword);

        var problem = await weak.ReadProblemAsync();
        Assert.Equal((400, "validation_failed"), (problem.Status, problem.Code));
        Assert.Contains("newPassword", problem.Errors.Keys);
        Assert.Equal(HttpStatusCode.NoContent, strong.StatusCode);
    }

    /// <summary>No mailbox is flooded: past its hourly allowance an account gets no more reset mails, while the answer stays the same.</summary>
    [Fact]
    public async Task ForgotPassword_PastTheAccountsHourlyAllowance_SendsNoMoreMail()
    {
        await using var server = await ParleyServer.StartAsync(new Dictionary<string, string>(fixture.Smtp.Settings) { ["Parley:RateLimits:AccountMailsPerHour"] = "2" });
        using var user = await ApiClient.RegisterAsync(server, ApiClient.UniqueName("flooded"));
        using var other = await ApiClient.RegisterAsync(server, ApiClient.UniqueName("barrier"));
        using var browser = BrowserSession.Create(server);

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await browser.PostAsync("/api/auth/forgot-password", new { email = MailFixture.EmailOf(user) });
            answers.Add(response.StatusCode);
        }

        (await browser.PostAsync("/api/auth/forgot-password", new { email = MailFixture.EmailOf(other) })).Dispose();
        await fixture.Smtp.WaitForMessageAsync(MailFixture.EmailOf(other));
        Assert.All(answers, status => Assert.Equal(HttpStatusCode.Accepted, status));
        Assert.Equal(2, fixture.Smtp.To(MailFixture.EmailOf(user)).Count);
    }

    /// <summary>Per client address, asking for reset links is limited too: past the hourly limit the answer is 429 rate_limited.</summary>
    [Fact]
    public async Task ForgotPassword_PastTheAddresssHourlyLimit_IsRateLimited()
    {
        await using var server = await ParleyServer.StartAsync(new Dictionary<string, string>(fixture.Smtp.Settings) { ["Parley:RateLimits:AccountMailRequestsPerHour"] = "2" });
        using var browser = BrowserSession.Create(server);

        var statuses = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await browser.PostAsync("/api/auth/forgot-password", new { email = $"{ApiClient.UniqueName("someone")}@example.com" });
            statuses.Add((int)response.StatusCode);
            if (i == 2)
            {
                Assert.Equal((429, "rate_limited"), await response.StatusAndCodeAsync());
            }
        }

        Assert.Equal([202, 202, 429], statuses);
    }

    /// <summary>Every field has a size cap: an over-long address is refused before any lookup.</summary>
    [Fact]
    public async Task ForgotPassword_OverlongAddress_IsAFieldError()
    {
        using var response = await fixture.ForgotPasswordAsync(new string('a', 300) + "@example.com");

        var problem = await response.ReadProblemAsync();
        Assert.Equal((400, "validation_failed"), (problem.Status, problem.Code));
        Assert.Contains("email", problem.Errors.Keys);
    }
}
