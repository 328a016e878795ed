using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Parley.Tests.Integration.Mail;

/// <summary>A real SMTP server on loopback and a Parley server that sends its mail there, with a public address for links.</summary>
public sealed class MailFixture : IAsyncLifetime
{
    public const string PublicBaseUrl = "https://chat.example.test/";

    public SmtpServer Smtp { get; private set; } = null!;

    public ParleyServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Smtp = await SmtpServer.StartAsync();
        Server = await ParleyServer.StartAsync(new Dictionary<string, string>(Smtp.Settings) { ["Parley:PublicBaseUrl"] = PublicBaseUrl });
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await Smtp.DisposeAsync();
    }

    public Task<ApiClient> UserAsync(string prefix) => ApiClient.RegisterAsync(Server, ApiClient.UniqueName(prefix));

    public static string EmailOf(ApiClient user) => user.Me.Email;

    /// <summary>Asks for a reset link for <paramref name="email"/> as the web app does.</summary>
    public async Task<HttpResponseMessage> ForgotPasswordAsync(string email)
    {
        using var browser = BrowserSession.Create(Server);
        return await browser.PostAsync("/api/auth/forgot-password", new { email });
    }

    /// <summary>Sets a new password with <paramref name="token"/>, as the web app's reset page does.</summary>
    public async Task<HttpResponseMessage> ResetPasswordAsync(string token, string newPassword)
    {
        using var browser = BrowserSession.Create(Server);
        return await browser.PostAsync("/api/auth/reset-password", new { token, newPassword });
    }

    /// <summary>Asks for a reset of <paramref name="user"/>'s password and reads the token from the mail's link.</summary>
    public async Task<string> MailedResetTokenAsync(ApiClient user)
    {
        var before = Smtp.To(EmailOf(user)).Count;
        (await ForgotPasswordAsync(EmailOf(user))).Dispose();
        var mail = await Smtp.WaitForMessageAsync(EmailOf(user), before);
        return TokenOf(LinkIn(mail));
    }

    /// <summary>The one link the plain-text part carries.</summary>
    public static Uri LinkIn(MimeMessage mail) =>
        new(System.Text.RegularExpressions.Regex.Match(mail.TextBody ?? "", @"https?://\S+").Value);

    public static string TokenOf(Uri link) => System.Web.HttpUtility.ParseQueryString(link.Query)["token"]!;

    /// <summary>
    /// A reset token as Identity's data-protection provider writes it (creation time, user id, purpose, security
    /// stamp, protected by the server's key ring), but created <paramref name="age"/> ago: the only way to hold a
    /// link older than its lifetime without waiting an hour.
    /// </summary>
    public async Task<string> ResetTokenCreatedAgoAsync(ApiClient user, TimeSpan age)
    {
        await using var scope = Server.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
        var account = (await users.FindByIdAsync(user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)))!;
        var providerName = users.Options.Tokens.PasswordResetTokenProvider;
        var protector = Microsoft.AspNetCore.DataProtection.DataProtectionCommonExtensions.CreateProtector(
            scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>(), providerName);
        using var payload = new MemoryStream();
        using (var writer = new BinaryWriter(payload, new System.Text.UTF8Encoding(false, true), leaveOpen: true))
        {
            writer.Write((DateTimeOffset.UtcNow - age).UtcTicks);
            writer.Write(account.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            writer.Write(UserManager<User>.ResetPasswordTokenPurpose);
            writer.Write(await users.GetSecurityStampAsync(account));
        }

        var identityToken = Convert.ToBase64String(protector.Protect(payload.ToArray()));
        return Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(System.Text.Encoding.UTF8.GetBytes($"{account.Id}:{identityToken}"));
    }
}
