namespace Parley.Infrastructure;

/// <summary>Settings under "Parley" in appsettings.json or PARLEY__* environment variables.</summary>
public sealed class ParleyOptions
{
    public const string Section = "Parley";

    /// <summary>Folder for the SQLite database and the key ring; relative paths are resolved against the working directory.</summary>
    public string DataDirectory { get; set; } = "data";

    public DatabaseOptions Database { get; set; } = new();

    public RedisOptions Redis { get; set; } = new();

    /// <summary>
    /// The address people use to reach Parley ("https://chat.example.org"), for the links it writes. Empty: the
    /// address each request came to.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>
    /// Browser origins besides Parley's own (the request's and <see cref="PublicBaseUrl"/>'s) whose pages may open the
    /// hub, e.g. "https://app.example.org". Clients that send no Origin (bots, the .NET client) are not affected.
    /// </summary>
    public List<string> AllowedOrigins { get; set; } = [];

    public ProxyOptions Proxy { get; set; } = new();

    /// <summary>
    /// The largest request body accepted, in bytes, for every request; larger ones get 413 request_too_large. Every
    /// JSON body Parley takes is a few KB at most.
    /// </summary>
    public long MaxRequestBodyBytes { get; set; } = 64 * 1024;

    public SignInOptions SignIn { get; set; } = new();

    public RateLimitOptions RateLimits { get; set; } = new();

    /// <summary>
    /// Names of public rooms every new account joins as it registers; each is created as the server starts when no
    /// public or password room has its name. Null (not set): "general". Empty: none.
    /// </summary>
    public List<string>? DefaultRooms { get; set; }

    public MessageOptions Messages { get; set; } = new();

    public GifOptions Gifs { get; set; } = new();

    public FileOptions Files { get; set; } = new();

    public Observability.MetricsOptions Metrics { get; set; } = new();

    public Observability.ShutdownOptions Shutdown { get; set; } = new();

    public sealed class DatabaseOptions
    {
        public const string Sqlite = "sqlite";
        public const string Postgres = "postgres";

        /// <summary>
        /// "sqlite" (the default: one file under <see cref="DataDirectory"/>, nothing else to run) or "postgres" (the
        /// connection string ConnectionStrings:Parley is then required).
        /// </summary>
        public string Provider { get; set; } = Sqlite;
    }

    public sealed class RedisOptions
    {
        /// <summary>
        /// A StackExchange.Redis configuration string ("127.0.0.1:6379", "redis.internal:6379,password=…"). Empty (the
        /// default): one node, and events, presence and limits stay in this process. Set: this node is one of several on
        /// one PostgreSQL database, sharing events and state through this Redis.
        /// </summary>
        public string Configuration { get; set; } = "";

        /// <summary>
        /// How long a node may go without a heartbeat before the others declare it dead and its users offline (unless
        /// online on another node). Nodes beat every third of it; people go offline at most this plus a third plus a
        /// second after the node died.
        /// </summary>
        public int NodeTimeoutSeconds { get; set; } = 15;
    }

    public sealed class MessageOptions
    {
        /// <summary>How long after sending its author may edit a message; null (the default): any time.</summary>
        public int? EditWindowMinutes { get; set; }
    }

    /// <summary>
    /// The GIF picker's provider. GIFs are off (no button, 404 gifs_disabled) unless both <see cref="Provider"/> and
    /// <see cref="ApiKey"/> are set. The key stays on the server: browsers talk to Parley, Parley to the provider.
    /// </summary>
    public sealed class GifOptions
    {
        public const string Giphy = "giphy";
        public const string Tenor = "tenor";

        /// <summary>"giphy", "tenor", or empty (off).</summary>
        public string Provider { get; set; } = "";

        public string ApiKey { get; set; } = "";

        /// <summary>The provider's API address; empty: its public one (https://api.giphy.com, https://tenor.googleapis.com).</summary>
        public string ApiBaseUrl { get; set; } = "";

        /// <summary>
        /// Hosts ("media.giphy.com", "127.0.0.1:5080") whose images the provider may hand out: any other URL in its
        /// answers is dropped, and browsers may load images from these only (CSP img-src). Empty: the provider's own.
        /// Media URLs must be https, except on hosts listed here explicitly (a local stand-in in tests).
        /// </summary>
        public List<string> MediaHosts { get; set; } = [];

        /// <summary>Content rating passed to the provider: "g", "pg", "pg-13" or "r".</summary>
        public string Rating { get; set; } = "pg-13";

        /// <summary>The provider in effect, lower case; null when GIFs are off.</summary>
        public string? ActiveProvider =>
            string.IsNullOrWhiteSpace(ApiKey) ? null : Provider.Trim().ToLowerInvariant() switch
            {
                Giphy => Giphy,
                Tenor => Tenor,
                _ => null,
            };

        /// <summary>A host name or address, optionally with a port: nothing that could add to a CSP directive.</summary>
        public static bool IsMediaHost(string entry) =>
            string.IsNullOrWhiteSpace(entry) || System.Text.RegularExpressions.Regex.IsMatch(entry.Trim(), @"^[A-Za-z0-9]([A-Za-z0-9.-]{0,252})(:[0-9]{1,5})?$");

        /// <summary>An absolute http(s) address, or empty for the provider's own.</summary>
        public bool HasUsableApiBaseUrl =>
            string.IsNullOrWhiteSpace(ApiBaseUrl) || (Uri.TryCreate(ApiBaseUrl.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp));

        /// <summary>Whether <see cref="MediaHosts"/> names the hosts itself (so plain http is accepted from them).</summary>
        public bool MediaHostsConfigured => MediaHosts.Any(h => !string.IsNullOrWhiteSpace(h));

        /// <summary>
        /// The media hosts in effect ("host", or "host:port" for a port other than the scheme's); empty when off.
        /// </summary>
        public IReadOnlyList<string> EffectiveMediaHosts => ActiveProvider switch
        {
            null => [],
            // Only well-formed entries: each goes into the CSP header verbatim (start-up refuses malformed ones anyway).
            _ when MediaHostsConfigured => MediaHosts.Where(IsMediaHost).Select(h => h.Trim().ToLowerInvariant()).ToList(),
            Giphy => ["media.giphy.com", "media0.giphy.com", "media1.giphy.com", "media2.giphy.com", "media3.giphy.com", "media4.giphy.com", "i.giphy.com"],
            _ => ["media.tenor.com", "media1.tenor.com"],
        };
    }

    /// <summary>Attachments: where they are kept and how much one person may store.</summary>
    public sealed class FileOptions
    {
        /// <summary>The folder for uploaded files; empty: "files" in <see cref="DataDirectory"/>. Several nodes share one folder (docs/decisions).</summary>
        public string Directory { get; set; } = "";

        /// <summary>The largest file one upload may be (413 file_too_large).</summary>
        public long MaxFileBytes { get; set; } = 25L * 1024 * 1024;

        /// <summary>What one person's files may add up to, sent or not (409 quota_exceeded).</summary>
        public long QuotaBytesPerUser { get; set; } = 1024L * 1024 * 1024;

        /// <summary>
        /// False: only the allow-listed kinds (images, video, audio, PDF and office documents, archives, plain text); anything
        /// else gets 415 file_type_not_allowed. True: anything else is kept as a download (application/octet-stream), never shown inline.
        /// </summary>
        public bool AllowOtherFiles { get; set; }

        /// <summary>
        /// The most pixels (width × height, of one frame) an uploaded image may declare; a larger one is refused with
        /// image_too_large before any pixel is decoded, so a small file that unpacks to gigabytes costs nothing. The
        /// default takes any phone or camera photo (a 48-megapixel phone photo is 8000×6000).
        /// </summary>
        public long MaxImagePixels { get; set; } = 50_000_000;

        public int MaxAttachmentsPerMessage { get; set; } = 10;

        /// <summary>The longest voice message (400 voice_too_long).</summary>
        public int MaxVoiceSeconds { get; set; } = 300;

        /// <summary>An upload never sent in a message is deleted after this.</summary>
        public TimeSpan UnattachedLifetime { get; set; } = TimeSpan.FromHours(1);
    }

    public sealed class SignInOptions
    {
        /// <summary>Failed attempts before the account is locked.</summary>
        public int MaxFailedAttempts { get; set; } = 5;

        public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(5);

        public TimeSpan BrowserSessionLifetime { get; set; } = TimeSpan.FromDays(30);

        public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromDays(7);

        /// <summary>Signing in with a browser signs the account's other browser sessions out (access tokens stay).</summary>
        public bool SingleSession { get; set; }
    }

    /// <summary>
    /// Reverse proxies whose X-Forwarded-For and X-Forwarded-Proto headers are believed. None by default, loopback
    /// included: a header from anyone else is the client's own claim and is ignored.
    /// </summary>
    public sealed class ProxyOptions
    {
        /// <summary>Addresses of the proxies in front of Parley ("10.0.0.5", "::1").</summary>
        public List<string> KnownProxies { get; set; } = [];

        /// <summary>Networks the proxies are in, in CIDR notation ("10.0.0.0/24").</summary>
        public List<string> KnownNetworks { get; set; } = [];
    }

    public sealed class RateLimitOptions
    {
        /// <summary>Sign-in and token requests per client address per minute.</summary>
        public int SignInPerMinute { get; set; } = 20;

        /// <summary>Registrations per client address per hour.</summary>
        public int RegistrationsPerHour { get; set; } = 30;

        /// <summary>Downloads of "my data" (GET /api/me/export) per user per hour.</summary>
        public int DataExportsPerHour { get; set; } = 2;

        /// <summary>Requests that mail an account or use a mailed link (forgot and reset password, resend and verify email) per client address per hour.</summary>
        public int AccountMailRequestsPerHour { get; set; } = 10;

        /// <summary>Reset and verification mails one email address gets per hour, however many clients ask: no mailbox is flooded.</summary>
        public int AccountMailsPerHour { get; set; } = 3;

        /// <summary>Every API request and hub call of one user; the limits below come on top.</summary>
        public LimitOptions Requests { get; set; } = new() { Burst = 300, PerMinute = 1200 };

        public LimitOptions Messages { get; set; } = new() { Burst = 30, PerMinute = 120 };

        public LimitOptions RoomsCreated { get; set; } = new() { Burst = 10, PerMinute = 1 };

        public LimitOptions JoinsAndLeaves { get; set; } = new() { Burst = 20, PerMinute = 10 };

        public LimitOptions InvitesCreated { get; set; } = new() { Burst = 10, PerMinute = 2 };

        public LimitOptions Searches { get; set; } = new() { Burst = 20, PerMinute = 60 };

        /// <summary>Edits and deletes of messages.</summary>
        public LimitOptions MessageChanges { get; set; } = new() { Burst = 20, PerMinute = 60 };

        /// <summary>Reactions added and taken back; people click through a few at once.</summary>
        public LimitOptions Reactions { get; set; } = new() { Burst = 30, PerMinute = 120 };

        /// <summary>Messages pinned and unpinned.</summary>
        public LimitOptions Pins { get; set; } = new() { Burst = 10, PerMinute = 20 };

        /// <summary>Per user and conversation; clients send one every few seconds while someone types.</summary>
        public LimitOptions Typing { get; set; } = new() { Burst = 3, PerMinute = 30 };

        /// <summary>Per user and room, right or wrong: plenty for typos, useless for guessing.</summary>
        public LimitOptions RoomPasswordGuesses { get; set; } = new() { Burst = 10, PerMinute = 1 };

        public LimitOptions RoomLookups { get; set; } = new() { Burst = 20, PerMinute = 10 };

        public LimitOptions ListChanges { get; set; } = new() { Burst = 30, PerMinute = 60 };

        /// <summary>Display name, status and picture changes: each reaches everyone who shares a conversation with the user.</summary>
        public LimitOptions ProfileChanges { get; set; } = new() { Burst = 10, PerMinute = 10 };
        /// <summary>GIF searches and trending pages: each may cost a call to the provider, whose key has its own quota.</summary>
        public LimitOptions GifSearches { get; set; } = new() { Burst = 20, PerMinute = 60 };

        /// <summary>Files uploaded (attachments and voice messages).</summary>
        public LimitOptions Uploads { get; set; } = new() { Burst = 20, PerMinute = 30 };

        /// <summary>Sessions listed and signed out from the sessions list.</summary>
        public LimitOptions Sessions { get; set; } = new() { Burst = 20, PerMinute = 20 };

        /// <summary>Admin console calls (/api/admin/…), reads and actions alike.</summary>
        public LimitOptions AdminActions { get; set; } = new() { Burst = 60, PerMinute = 60 };
        /// <summary>Passkeys added, listed, renamed and removed.</summary>
        public LimitOptions Passkeys { get; set; } = new() { Burst = 20, PerMinute = 10 };
        /// <summary>Messages one user reports: a few at once, then one every few minutes.</summary>
        public LimitOptions Reports { get; set; } = new() { Burst = 5, PerMinute = 1 };

        /// <summary>Bans, unbans, timeouts and report decisions of one moderator.</summary>
        public LimitOptions Moderation { get; set; } = new() { Burst = 30, PerMinute = 30 };

        /// <summary>Live hub connections one account may hold at once on a node (tabs, devices, bots).</summary>
        public int HubConnectionsPerUser { get; set; } = 20;

        public LimitOptions For(UserLimit limit) => limit switch
        {
            UserLimit.Requests => Requests,
            UserLimit.Messages => Messages,
            UserLimit.RoomsCreated => RoomsCreated,
            UserLimit.JoinsAndLeaves => JoinsAndLeaves,
            UserLimit.InvitesCreated => InvitesCreated,
            UserLimit.Searches => Searches,
            UserLimit.MessageChanges => MessageChanges,
            UserLimit.Reactions => Reactions,
            UserLimit.Pins => Pins,
            UserLimit.Typing => Typing,
            UserLimit.RoomPasswordGuesses => RoomPasswordGuesses,
            UserLimit.RoomLookups => RoomLookups,
            UserLimit.ListChanges => ListChanges,
            UserLimit.ProfileChanges => ProfileChanges,
            UserLimit.GifSearches => GifSearches,
            UserLimit.Uploads => Uploads,
            UserLimit.Sessions => Sessions,
            UserLimit.AdminActions => AdminActions,
            UserLimit.Passkeys => Passkeys,
            UserLimit.Reports => Reports,
            UserLimit.Moderation => Moderation,
            _ => throw new ArgumentOutOfRangeException(nameof(limit), limit, null),
        };
    }

    /// <summary>A token bucket: up to <see cref="Burst"/> at once, then <see cref="PerMinute"/> a minute.</summary>
    public sealed class LimitOptions
    {
        public int Burst { get; set; }

        public int PerMinute { get; set; }
    }
}
