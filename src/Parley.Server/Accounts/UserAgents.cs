using System.Text.RegularExpressions;

namespace Parley.Accounts;

/// <summary>What a person recognises a session by: the browser (or program) and the operating system.</summary>
public sealed record DeviceDescription(string Browser, string Os);

/// <summary>
/// Reads the common browsers and operating systems out of a User-Agent header. Order matters: most browsers also
/// claim to be the ones before them (Edge says Chrome and Safari, Chrome says Safari, iPhones say "like Mac OS X").
/// Anything else that names itself ("curl/8.5", "MyBot/2") is shown by that name.
/// </summary>
public static partial class UserAgents
{
    public const string Unknown = "Unknown";

    private static readonly (string Token, string Name)[] Browsers =
    [
        ("Edg", "Edge"), ("EdgA", "Edge"), ("EdgiOS", "Edge"), ("Edge", "Edge"),
        ("OPR", "Opera"), ("OPT", "Opera"),
        ("SamsungBrowser", "Samsung Internet"),
        ("Vivaldi", "Vivaldi"),
        ("YaBrowser", "Yandex Browser"),
        ("Firefox", "Firefox"), ("FxiOS", "Firefox"),
        ("CriOS", "Chrome"),
        ("Chromium", "Chromium"),
        ("HeadlessChrome", "Chrome"),
        ("Chrome", "Chrome"),
    ];

    public static DeviceDescription Describe(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent))
        {
            return new DeviceDescription(Unknown, Unknown);
        }

        return new DeviceDescription(BrowserOf(userAgent), OsOf(userAgent));
    }

    private static string BrowserOf(string userAgent)
    {
        foreach (var (token, name) in Browsers)
        {
            if (MajorVersion(userAgent, token) is { } version)
            {
                return $"{name} {version}";
            }
        }

        // Safari names its own version apart from the WebKit build in "Safari/605.1.15".
        if (userAgent.Contains("Safari/", StringComparison.Ordinal))
        {
            return MajorVersion(userAgent, "Version") is { } version ? $"Safari {version}" : "Safari";
        }

        var product = ProductToken().Match(userAgent);
        return product.Success && product.Groups["name"].Value != "Mozilla"
            ? $"{product.Groups["name"].Value} {product.Groups["major"].Value}"
            : Unknown;
    }

    private static string OsOf(string userAgent)
    {
        if (userAgent.Contains("iPhone", StringComparison.Ordinal) || userAgent.Contains("iPod", StringComparison.Ordinal))
        {
            return "iOS";
        }

        if (userAgent.Contains("iPad", StringComparison.Ordinal))
        {
            return "iPadOS";
        }

        if (AndroidVersion().Match(userAgent) is { Success: true } android)
        {
            return $"Android {android.Groups["major"].Value}";
        }

        if (userAgent.Contains("Android", StringComparison.Ordinal))
        {
            return "Android";
        }

        if (userAgent.Contains("Windows", StringComparison.Ordinal))
        {
            return "Windows";
        }

        if (userAgent.Contains("CrOS", StringComparison.Ordinal))
        {
            return "ChromeOS";
        }

        if (userAgent.Contains("Macintosh", StringComparison.Ordinal) || userAgent.Contains("Mac OS X", StringComparison.Ordinal))
        {
            return "macOS";
        }

        if (userAgent.Contains("Linux", StringComparison.Ordinal) || userAgent.Contains("X11", StringComparison.Ordinal))
        {
            return "Linux";
        }

        return Unknown;
    }

    /// <summary>The major version after "Token/", where the token stands as a whole word; null when absent.</summary>
    private static string? MajorVersion(string userAgent, string token)
    {
        var at = 0;
        while ((at = userAgent.IndexOf(token + "/", at, StringComparison.Ordinal)) >= 0)
        {
            var wholeWord = at == 0 || !char.IsLetterOrDigit(userAgent[at - 1]);
            var start = at + token.Length + 1;
            var end = start;
            while (end < userAgent.Length && char.IsAsciiDigit(userAgent[end]))
            {
                end++;
            }

            if (wholeWord && end > start)
            {
                return userAgent[start..end];
            }

            at = start;
        }

        return null;
    }

    [GeneratedRegex(@"^(?<name>[A-Za-z][\w.-]{0,39})/(?<major>\d{1,6})")]
    private static partial Regex ProductToken();

    [GeneratedRegex(@"Android (?<major>\d{1,3})")]
    private static partial Regex AndroidVersion();
}
