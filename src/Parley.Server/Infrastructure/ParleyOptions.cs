namespace Parley.Infrastructure;

/// <summary>Settings under "Parley" in appsettings.json or PARLEY__* environment variables.</summary>
public sealed class ParleyOptions
{
    public const string Section = "Parley";

    /// <summary>Folder for the SQLite database and the key ring; relative paths are resolved against the working directory.</summary>
    public string DataDirectory { get; set; } = "data";

    public SignInOptions SignIn { get; set; } = new();

    public RateLimitOptions RateLimits { get; set; } = new();

    public sealed class SignInOptions
    {
        /// <summary>Failed attempts before the account is locked.</summary>
        public int MaxFailedAttempts { get; set; } = 5;

        public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(5);

        public TimeSpan BrowserSessionLifetime { get; set; } = TimeSpan.FromDays(30);

        public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromDays(7);
    }

    public sealed class RateLimitOptions
    {
        /// <summary>Sign-in and token requests per client address per minute.</summary>
        public int SignInPerMinute { get; set; } = 20;

        /// <summary>Registrations per client address per hour.</summary>
        public int RegistrationsPerHour { get; set; } = 30;
    }
}
