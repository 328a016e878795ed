using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Parley.Accounts;
using Parley.Audit;

namespace Parley.Tests.Integration.TwoFactor;

/// <summary>
/// Two-factor sign-in with an authenticator app: turning it on and off, and that once on, a password alone opens
/// nothing, each code and recovery code works once, and wrong codes lock the account like wrong passwords.
/// </summary>
[Collection(SharedServer.Name)]
public sealed class TwoFactorTests(ServerFixture fixture)
{
    private ParleyServer Server => fixture.Server;

    /// <summary>Setup asks for the password, shows a key and a QR code; a code from the app turns two-factor on with ten recovery codes.</summary>
    [Fact]
    public async Task TwoFactor_Enable_NeedsPasswordAndACode_AndGivesTenRecoveryCodes()
    {
        using var user = await fixture.UserAsync("enabler");

        using var wrongPassword = await user.PostAsync("/api/me/two-factor/setup", new { password = "not my password" });
        var setup = await ApiClient.ReadAsync<AuthenticatorSetup>(user.PostAsync("/api/me/two-factor/setup", new { password = user.Password }));
        var app = new Authenticator(setup.SharedKey);
        using var wrongCode = await user.PostAsync("/api/me/two-factor/enable", new { code = app.WrongCode() });
        var stillOff = await ApiClient.ReadAsync<TwoFactorStatus>(user.GetAsync("/api/me/two-factor"));
        var codes = await ApiClient.ReadAsync<RecoveryCodes>(user.PostAsync("/api/me/two-factor/enable", new { code = app.Code() }));

        Assert.Equal((403, "wrong_password"), await wrongPassword.StatusAndCodeAsync());
        Assert.Equal((400, "invalid_two_factor_code"), await wrongCode.StatusAndCodeAsync());
        Assert.False(stillOff.Enabled);
        Assert.StartsWith($"otpauth://totp/Parley:{user.Username}?secret=", setup.AuthenticatorUri, StringComparison.Ordinal);
        Assert.StartsWith("data:image/svg+xml;base64,", setup.QrCode, StringComparison.Ordinal);
        Assert.Equal(10, codes.Codes.Distinct().Count());
        Assert.Equal(new TwoFactorStatus(true, 10), await ApiClient.ReadAsync<TwoFactorStatus>(user.GetAsync("/api/me/two-factor")));
        Assert.Contains(await Server.AuditLogAsync(AuditActions.TwoFactorEnabled), line => line.TargetId == Id(user));
    }

    /// <summary>The right password of a two-factor account makes no session; the ticket and a current code do.</summary>
    [Fact]
    public async Task TwoFactor_SignIn_PasswordAloneMakesNoSession_TheCodeDoes()
    {
        using var user = await fixture.UserAsync("twostep");
        var (app, _) = await Authenticator.EnableAsync(user);
        using var browser = BrowserSession.Create(Server);

        var ticket = await Authenticator.PasswordStepAsync(browser, user);
        using var beforeCode = await browser.Http.GetAsync("/api/me");
        using var signedIn = await browser.PostAsync("/api/auth/login/two-factor", new { ticket, code = app.Code(1) });
        using var afterCode = await browser.Http.GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.Unauthorized, beforeCode.StatusCode);
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, afterCode.StatusCode);
        Assert.Contains(await Server.AuditLogAsync(AuditActions.SignInSucceeded), line => line.TargetId == Id(user) && line.Details == "Browser, two-factor");
    }

    /// <summary>A wrong code is refused and written to the audit log.</summary>
    [Fact]
    public async Task TwoFactor_SignInWithAWrongCode_IsRefusedAndAudited()
    {
        using var user = await fixture.UserAsync("wrongcode");
        var (app, _) = await Authenticator.EnableAsync(user);
        using var browser = BrowserSession.Create(Server);
        var ticket = await Authenticator.PasswordStepAsync(browser, user);

        using var refused = await browser.PostAsync("/api/auth/login/two-factor", new { ticket, code = app.WrongCode() });
        using var me = await browser.Http.GetAsync("/api/me");

        Assert.Equal((400, "invalid_two_factor_code"), await refused.StatusAndCodeAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        Assert.Contains(await Server.AuditLogAsync(AuditActions.TwoFactorFailed), line => line.TargetId == Id(user));
    }

    /// <summary>A code that signed in once does not sign in again (Identity alone would take it for 90 seconds), nor does an earlier one.</summary>
    [Fact]
    public async Task TwoFactor_SignInWithAUsedCode_IsRefused()
    {
        using var user = await fixture.UserAsync("replay");
        var (app, _) = await Authenticator.EnableAsync(user);
        var code = app.Code(1);
        using var first = BrowserSession.Create(Server);
        using var second = BrowserSession.Create(Server);
        using var third = BrowserSession.Create(Server);

        using var accepted = await first.PostAsync("/api/auth/login/two-factor", new { ticket = await Authenticator.PasswordStepAsync(first, user), code });
        using var replayed = await second.PostAsync("/api/auth/login/two-factor", new { ticket = await Authenticator.PasswordStepAsync(second, user), code });
        using var earlier = await third.PostAsync("/api/auth/login/two-factor", new { ticket = await Authenticator.PasswordStepAsync(third, user), code = app.Code() });

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal((400, "invalid_two_factor_code"), await replayed.StatusAndCodeAsync());
        Assert.Equal((400, "invalid_two_factor_code"), await earlier.StatusAndCodeAsync());
    }

    /// <summary>One code sent by several sign-ins at the same moment opens one session: the others are refused in order, none fails.</summary>
    [Fact]
    public async Task TwoFactor_OneCodeSentInParallel_SignsInOnce()
    {
        using var user = await fixture.UserAsync("racer");
        var (app, _) = await Authenticator.EnableAsync(user);
        var browsers = Enumerable.Range(0, 4).Select(_ => BrowserSession.Create(Server)).ToList();
        var tickets = new List<string>();
        foreach (var browser in browsers)
        {
            tickets.Add(await Authenticator.PasswordStepAsync(browser, user));
            await browser.RefreshAntiforgeryAsync();
        }

        var code = app.Code(1);
        var answers = await Task.WhenAll(browsers.Select((browser, i) =>
            browser.PostAsync("/api/auth/login/two-factor", new { ticket = tickets[i], code }, refreshAntiforgery: false)));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
        foreach (var refused in answers.Where(a => a.StatusCode != HttpStatusCode.OK))
        {
            Assert.Equal((400, "invalid_two_factor_code"), await refused.StatusAndCodeAsync());
        }

        foreach (var disposable in answers.Cast<IDisposable>().Concat(browsers))
        {
            disposable.Dispose();
        }
    }

    /// <summary>Codes from outside the window (90 seconds before or after now) are refused, so a code written down once is soon worthless.</summary>
    [Fact]
    public async Task TwoFactor_SignInWithACodeOutsideTheWindow_IsRefused()
    {
        using var user = await fixture.UserAsync("oldcode");
        var (app, _) = await Authenticator.EnableAsync(user);
        using var browser = BrowserSession.Create(Server);
        var ticket = await Authenticator.PasswordStepAsync(browser, user);

        using var old = await browser.PostAsync("/api/auth/login/two-factor", new { ticket, code = app.Code(-3) });
        using var future = await browser.PostAsync("/api/auth/login/two-factor", new { ticket, code = app.Code(3) });
        using var current = await browser.PostAsync("/api/auth/login/two-factor", new { ticket, code = app.Code(1) });

        Assert.Equal((400, "invalid_two_factor_code"), await old.StatusAndCodeAsync());
        Assert.Equal((400, "invalid_two_factor_code"), await future.StatusAndCodeAsync());
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
    }

    /// <summary>A recovery code signs in once (typed in any case, with or without its dash), then never again; the count goes down and the use is audited.</summary>
    [Fact]
    public async Task TwoFactor_RecoveryCode_WorksOnce_NotTwice()
    {
        using var user = await fixture.UserAsync("recover");
        var (_, codes) = await Authenticator.EnableAsync(user);
        using var first = BrowserSession.Create(Server);
        using var second = BrowserSession.Create(Server);

        var typed = codes[0].Replace("-", "", StringComparison.Ordinal).ToLowerInvariant();
        using var used = await first.PostAsync("/api/auth/login/two-factor", new { ticket = await Authenticator.PasswordStepAsync(first, user), recoveryCode = typed });
        using var again = await second.PostAsync("/api/auth/login/two-factor", new { ticket = await Authenticator.PasswordStepAsync(second, user), recoveryCode = codes[0] });

        Assert.Equal(HttpStatusCode.OK, used.StatusCode);
        Assert.Equal((400, "invalid_recovery_code"), await again.StatusAndCodeAsync());
        Assert.Equal(new TwoFactorStatus(true, 9), await ApiClient.ReadAsync<TwoFactorStatus>(user.GetAsync("/api/me/two-factor")));
        var audited = Assert.Single(await Server.AuditLogAsync(AuditActions.RecoveryCodeUsed), line => line.TargetId == Id(user));
        Assert.Equal("9 recovery codes left.", audited.Details);
    }

    /// <summary>New recovery codes need a current code; the old ones stop working and the new ones work.</summary>
    [Fact]
    public async Task TwoFactor_RegenerateRecoveryCodes_OldOnesStopWorking()
    {
        using var user = await fixture.UserAsync("regenerate");
        var (app, oldCodes) = await Authenticator.EnableAsync(user);

        using var withoutCode = await user.PostAsync("/api/me/two-factor/recovery-codes", new { code = "" });
        var fresh = await ApiClient.ReadAsync<RecoveryCodes>(user.PostAsync("/api/me/two-factor/recovery-codes", new { code = app.Code(1) }));
        using var browser = BrowserSession.Create(Server);
        using var oldRefused = await browser.PostAsync("/api/auth/login/two-factor", new { ticket = await Authenticator.PasswordStepAsync(browser, user), recoveryCode = oldCodes[0] });
        using var newWorks = await browser.PostAsync("/api/auth/login/two-factor", new { ticket = await Authenticator.PasswordStepAsync(browser, user), recoveryCode = fresh.Codes[0] });

        Assert.Equal((400, "validation_failed"), await withoutCode.StatusAndCodeAsync());
        Assert.Empty(fresh.Codes.Intersect(oldCodes));
        Assert.Equal((400, "invalid_recovery_code"), await oldRefused.StatusAndCodeAsync());
        Assert.Equal(HttpStatusCode.OK, newWorks.StatusCode);
        Assert.Contains(await Server.AuditLogAsync(AuditActions.RecoveryCodesGenerated), line => line.TargetId == Id(user));
    }

    /// <summary>Turning two-factor off needs the password (a wrong one changes nothing); afterwards the password alone signs in again.</summary>
    [Fact]
    public async Task TwoFactor_Disable_NeedsThePassword_ThenThePasswordAloneSignsIn()
    {
        using var user = await fixture.UserAsync("disabler");
        await Authenticator.EnableAsync(user);

        using var wrong = await user.PostAsync("/api/me/two-factor/disable", new { password = "not my password" });
        var stillOn = await ApiClient.ReadAsync<TwoFactorStatus>(user.GetAsync("/api/me/two-factor"));
        using var disabled = await user.PostAsync("/api/me/two-factor/disable", new { password = user.Password });
        using var browser = BrowserSession.Create(Server);
        using var signIn = await browser.PostAsync("/api/auth/login", new { username = user.Username, password = user.Password });

        Assert.Equal((403, "wrong_password"), await wrong.StatusAndCodeAsync());
        Assert.True(stillOn.Enabled);
        Assert.Equal(HttpStatusCode.NoContent, disabled.StatusCode);
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Equal(new TwoFactorStatus(false, 0), await ApiClient.ReadAsync<TwoFactorStatus>(user.GetAsync("/api/me/two-factor")));
        Assert.Contains(await Server.AuditLogAsync(AuditActions.TwoFactorDisabled), line => line.TargetId == Id(user));
    }

    /// <summary>Wrong codes count towards the lockout like wrong passwords: after five, even the right code is refused.</summary>
    [Fact]
    public async Task TwoFactor_WrongCodes_LockTheAccount_EvenForTheRightCode()
    {
        using var user = await fixture.UserAsync("codeguesser");
        var (app, _) = await Authenticator.EnableAsync(user);
        using var browser = BrowserSession.Create(Server);
        var ticket = await Authenticator.PasswordStepAsync(browser, user);

        var answers = new List<(int, string)>();
        for (var guess = 0; guess < 5; guess++)
        {
            using var wrong = await browser.PostAsync("/api/auth/login/two-factor", new { ticket, code = app.WrongCode() });
            answers.Add(await wrong.StatusAndCodeAsync());
        }

        using var right = await browser.PostAsync("/api/auth/login/two-factor", new { ticket, code = app.Code(1) });

        Assert.Equal(Enumerable.Repeat((400, "invalid_two_factor_code"), 4).Append((429, "account_locked")), answers);
        Assert.Equal((429, "account_locked"), await right.StatusAndCodeAsync());
        Assert.Contains(await Server.AuditLogAsync(AuditActions.SignInLockedOut), line => line.TargetId == Id(user));
    }

    /// <summary>Scripts cannot get a token with the password of a two-factor account; the answer says to use a personal access token.</summary>
    [Fact]
    public async Task TwoFactor_TokenEndpoint_RefusesThePasswordAlone()
    {
        using var user = await fixture.UserAsync("scripted");
        await Authenticator.EnableAsync(user);
        using var anonymous = ApiClient.Anonymous(Server);

        using var refused = await anonymous.PostAsJsonAsync("/api/auth/token", new { username = user.Username, password = user.Password });

        Assert.Equal((403, "personal_token_required"), await refused.StatusAndCodeAsync());
    }

    /// <summary>The code step takes only a ticket the server made: a made-up one is refused, and so is one from before the account's key changed.</summary>
    [Fact]
    public async Task TwoFactor_CodeStep_RefusesForgedAndStaleTickets()
    {
        using var user = await fixture.UserAsync("tickets");
        await Authenticator.EnableAsync(user);
        using var browser = BrowserSession.Create(Server);
        var staleTicket = await Authenticator.PasswordStepAsync(browser, user);
        await ApiClient.EnsureSuccessAsync(await user.PostAsync("/api/me/two-factor/disable", new { password = user.Password }));
        var (newApp, _) = await Authenticator.EnableAsync(user);

        using var forged = await browser.PostAsync("/api/auth/login/two-factor", new { ticket = "CfDJ8-not-a-ticket", code = newApp.Code(1) });
        using var stale = await browser.PostAsync("/api/auth/login/two-factor", new { ticket = staleTicket, code = newApp.Code(1) });

        Assert.Equal((401, "two_factor_ticket_invalid"), await forged.StatusAndCodeAsync());
        Assert.Equal((401, "two_factor_ticket_invalid"), await stale.StatusAndCodeAsync());
    }

    /// <summary>An account deactivated between the password and the code gets no session.</summary>
    [Fact]
    public async Task TwoFactor_CodeStep_RefusesADeactivatedAccount()
    {
        using var user = await fixture.UserAsync("deactivated");
        var (app, _) = await Authenticator.EnableAsync(user);
        using var browser = BrowserSession.Create(Server);
        var ticket = await Authenticator.PasswordStepAsync(browser, user);
        await using (var scope = Server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();
            await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.DeactivatedAt, DateTime.UtcNow));
        }

        using var refused = await browser.PostAsync("/api/auth/login/two-factor", new { ticket, code = app.Code(1) });

        Assert.Equal((403, "account_deactivated"), await refused.StatusAndCodeAsync());
    }

    private static string Id(ApiClient user) => user.Id.ToString(CultureInfo.InvariantCulture);
}
