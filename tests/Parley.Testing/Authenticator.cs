using System.Net.Http.Json;
using System.Text.Json;
using OtpNet;
using Parley.Accounts;

namespace Parley.Testing;

/// <summary>
/// An authenticator app, as a phone runs it: the key from the setup screen, and the code for now or for a time
/// step before or after it (Otp.NET, an implementation independent of the server's).
/// </summary>
public sealed class Authenticator(string sharedKey)
{
    private readonly Totp _totp = new(Base32Encoding.ToBytes(sharedKey.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant()));

    /// <summary>The code shown <paramref name="stepsFromNow"/> 30-second steps from now (negative: an old code).</summary>
    public string Code(int stepsFromNow = 0) => _totp.ComputeTotp(DateTime.UtcNow.AddSeconds(30 * stepsFromNow));

    /// <summary>A six-digit code that is none of the codes of the steps around now.</summary>
    public string WrongCode()
    {
        var near = Enumerable.Range(-3, 7).Select(Code).ToHashSet();
        return Enumerable.Range(0, 20).Select(i => ((int.Parse(Code(), System.Globalization.CultureInfo.InvariantCulture) + 1 + i) % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture))
            .First(code => !near.Contains(code));
    }

    /// <summary>Turns two-factor sign-in on for <paramref name="user"/> as the settings screen does: setup with the password, then the current code.</summary>
    public static async Task<(Authenticator App, IReadOnlyList<string> RecoveryCodes)> EnableAsync(ApiClient user)
    {
        var setup = await ApiClient.ReadAsync<AuthenticatorSetup>(user.PostAsync("/api/me/two-factor/setup", new { password = user.Password }));
        var app = new Authenticator(setup.SharedKey);
        var codes = await ApiClient.ReadAsync<RecoveryCodes>(user.PostAsync("/api/me/two-factor/enable", new { code = app.Code() }));
        return (app, codes.Codes);
    }

    /// <summary>The password step of a browser sign-in to a two-factor account: the ticket for the code step.</summary>
    public static async Task<string> PasswordStepAsync(BrowserSession browser, ApiClient user)
    {
        using var response = await browser.PostAsync("/api/auth/login", new { username = user.Username, password = user.Password });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (body.TryGetProperty("code", out var code) && code.GetString() == "two_factor_required" && body.TryGetProperty("ticket", out var ticket))
        {
            return ticket.GetString()!;
        }

        throw new InvalidOperationException($"Expected two_factor_required with a ticket, got {(int)response.StatusCode}: {body}");
    }
}
