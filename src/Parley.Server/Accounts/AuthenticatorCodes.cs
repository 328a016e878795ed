using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Parley.Infrastructure.Data;

namespace Parley.Accounts;

/// <summary>
/// Identity's authenticator token provider, with one difference that matters: a code is accepted once. Identity's
/// own provider accepts any code of the last and next 90 seconds as often as it is sent, so a code seen over a
/// shoulder or in a phishing proxy signs in again. This one remembers the last time step accepted per account
/// (stored with the account's other authentication tokens) and refuses that step and any earlier one. The step is
/// saved under the account's concurrency stamp, so of two requests racing with one code only one gets through.
/// </summary>
public sealed class OneTimeAuthenticatorTokenProvider : IUserTwoFactorTokenProvider<User>
{
    public const string LoginProvider = "[Parley]";
    public const string LastStepName = "AuthenticatorLastStep";

    private static readonly TimeSpan Step = TimeSpan.FromSeconds(30);

    // One step either side: a phone clock a little off, or a code typed as it changed. RFC 6238 §5.2 recommends one.
    private const int StepsOfDrift = 1;

    private readonly TimeProvider _clock;

    public OneTimeAuthenticatorTokenProvider(TimeProvider clock, ParleyDb db)
    {
        _clock = clock;
        // Identity changes the stored last step on the object it finds; a context that tracks nothing (the default
        // here) would never save the change, and every code would work again.
        db.ChangeTracker.QueryTrackingBehavior = Microsoft.EntityFrameworkCore.QueryTrackingBehavior.TrackAll;
    }

    public async Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<User> manager, User user) =>
        !string.IsNullOrEmpty(await manager.GetAuthenticatorKeyAsync(user));

    /// <summary>The authenticator app makes the codes; the server never sends one.</summary>
    public Task<string> GenerateAsync(string purpose, UserManager<User> manager, User user) => Task.FromResult(string.Empty);

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<User> manager, User user)
    {
        if (ParseCode(token) is not { } code || await manager.GetAuthenticatorKeyAsync(user) is not { Length: > 0 } key || Base32.Decode(key) is not { } secret)
        {
            return false;
        }

        var now = _clock.GetUtcNow().ToUnixTimeSeconds() / (long)Step.TotalSeconds;
        long? matched = null;
        for (var step = now - StepsOfDrift; step <= now + StepsOfDrift; step++)
        {
            if (Totp(secret, step) == code)
            {
                matched = step;
            }
        }

        if (matched is not { } accepted)
        {
            return false;
        }

        var last = await manager.GetAuthenticationTokenAsync(user, LoginProvider, LastStepName);
        if (long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var lastStep) && accepted <= lastStep)
        {
            return false;
        }

        var saved = await manager.SetAuthenticationTokenAsync(user, LoginProvider, LastStepName, accepted.ToString(CultureInfo.InvariantCulture));
        return saved.Succeeded;
    }

    /// <summary>"123456" or "123 456" as apps show it; anything else is no code.</summary>
    private static int? ParseCode(string token)
    {
        var digits = token.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        return digits.Length == 6 && digits.All(char.IsAsciiDigit) ? int.Parse(digits, CultureInfo.InvariantCulture) : null;
    }

    /// <summary>RFC 6238 with RFC 4226's truncation: HMAC-SHA1, six digits, what every authenticator app makes.</summary>
    private static int Totp(byte[] secret, long step)
    {
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);
        Span<byte> hash = stackalloc byte[HMACSHA1.HashSizeInBytes];
#pragma warning disable CA5350 // TOTP is defined over HMAC-SHA1 and every authenticator app uses it; HMAC-SHA1 is not weakened by SHA-1's collisions.
        HMACSHA1.HashData(secret, counter, hash);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0f;
        var binary = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return binary % 1_000_000;
    }
}

/// <summary>RFC 4648 base32, the alphabet authenticator keys are written in (Identity's own decoder is internal).</summary>
public static class Base32
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    public static byte[]? Decode(string text)
    {
        var bytes = new List<byte>(text.Length * 5 / 8);
        int buffer = 0, bits = 0;
        foreach (var c in text.TrimEnd('='))
        {
            var value = Alphabet.IndexOf(char.ToUpperInvariant(c), StringComparison.Ordinal);
            if (value < 0)
            {
                return null;
            }

            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                bytes.Add((byte)(buffer >> bits));
                buffer &= (1 << bits) - 1;
            }
        }

        return [.. bytes];
    }
}
