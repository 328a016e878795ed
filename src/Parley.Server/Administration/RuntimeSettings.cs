using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Parley.Accounts;
using Parley.Accounts.Mail;
using Parley.Events;
using Parley.Infrastructure;
using Parley.Infrastructure.Data;

namespace Parley.Administration;

/// <summary>
/// The settings administrators change at run time. Each name is the setting's key under "Parley" in appsettings.json
/// (or PARLEY__… in the environment), so an owner can tell which file entry a stored value overrides. Stored names
/// are never renamed.
/// </summary>
public static class SettingNames
{
    public const string RegistrationMode = "Registration:Mode";
    public const string DefaultRooms = "DefaultRooms";
    public const string MaxFileBytes = "Files:MaxFileBytes";
    public const string QuotaBytesPerUser = "Files:QuotaBytesPerUser";
    public const string MailHost = "Mail:Host";
    public const string MailPort = "Mail:Port";
    public const string MailSecurity = "Mail:Security";
    public const string MailUsername = "Mail:Username";
    public const string MailPassword = "Mail:Password";
    public const string MailFrom = "Mail:From";

    /// <summary>Per-user limits that are editable: every <see cref="UserLimit"/>, as "RateLimits:Messages".</summary>
    public static string RateLimit(UserLimit limit) => $"RateLimits:{limit}";
}

/// <summary>The stored settings changed: every node reads them again (on this node, before the save answers).</summary>
public sealed record ServerSettingsChanged : ChatEvent;

/// <summary>A per-user limit as stored and as the console shows it.</summary>
public sealed record LimitValue(int Burst, int PerMinute);

/// <summary>
/// The settings administrators saved (table ServerSettings), laid over the options from appsettings.json and the
/// environment (docs/decisions: run-time settings). The options system does the layering: post-configure steps apply
/// the stored values and a change token makes <see cref="IOptionsMonitor{TOptions}"/> and
/// <see cref="IOptionsSnapshot{TOptions}"/> compute the options again when they change, so the code that reads
/// limits keeps reading options and never learns where a value came from.
/// </summary>
public sealed partial class RuntimeSettings(IServiceScopeFactory scopes, IDataProtectionProvider protection, ILogger<RuntimeSettings> logger) : IEventSubscriber, IDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private readonly IDataProtector _passwords = protection.CreateProtector("Parley.ServerSettings.MailPassword");
    private IReadOnlyDictionary<string, string> _stored = new Dictionary<string, string>();
    private CancellationTokenSource _changed = new();

    /// <summary>The names of the settings that have a stored value.</summary>
    public IReadOnlyCollection<string> StoredNames => [.. _stored.Keys];

    public async Task LoadAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ParleyDb>();
        _stored = await db.ServerSettings.AsNoTracking().ToDictionaryAsync(s => s.Name, s => s.Value, StringComparer.Ordinal, cancellationToken);
        // Swapped before cancelled: whoever reacts to the old token already gets the new one. Not disposed: a reader
        // may still be taking its token, and a source without a timer holds nothing to release.
        var previous = Interlocked.Exchange(ref _changed, new CancellationTokenSource());
        await previous.CancelAsync();
    }

    public IChangeToken ChangeToken() => new CancellationChangeToken(_changed.Token);

    public void Dispose() => _changed.Dispose();

    public async Task HandleAsync(ChatEvent chatEvent, CancellationToken cancellationToken)
    {
        // After the bus was away (CatchUpRequested) a save on another node may have gone unannounced.
        if (chatEvent is ServerSettingsChanged or CatchUpRequested)
        {
            await LoadAsync(cancellationToken);
        }
    }

    /// <summary>The stored value, or default when there is none (or it cannot be read: the file's value stays in force).</summary>
    public T? Get<T>(string name)
    {
        if (!_stored.TryGetValue(name, out var json))
        {
            return default;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(json, Json);
        }
        catch (JsonException ex)
        {
            LogUnreadable(ex, name);
            return default;
        }
    }

    /// <summary>The stored mail password; null when none is stored or the key ring that encrypted it is gone.</summary>
    public string? MailPassword()
    {
        if (Get<string>(SettingNames.MailPassword) is not { } protectedPassword)
        {
            return null;
        }

        if (protectedPassword.Length == 0)
        {
            return "";
        }

        try
        {
            return _passwords.Unprotect(protectedPassword);
        }
        catch (System.Security.Cryptography.CryptographicException ex)
        {
            LogUnreadable(ex, SettingNames.MailPassword);
            return null;
        }
    }

    /// <summary>What to store for a mail password: encrypted with the key ring, so a copy of the database alone does not give it away.</summary>
    public string StoredMailPassword(string password) =>
        JsonSerializer.Serialize(password.Length == 0 ? "" : _passwords.Protect(password), Json);

    [LoggerMessage(Level = LogLevel.Error, Message = "The stored server setting {Name} cannot be read; the value from the configuration applies. Save it again in the admin console.")]
    private partial void LogUnreadable(Exception exception, string name);
}

/// <summary>Lays the stored settings over each options type they touch.</summary>
internal sealed class RuntimeSettingsOverrides(RuntimeSettings settings)
    : IPostConfigureOptions<ParleyOptions>, IPostConfigureOptions<MailOptions>, IPostConfigureOptions<RegistrationOptions>
{
    public void PostConfigure(string? name, ParleyOptions options)
    {
        if (settings.Get<List<string>>(SettingNames.DefaultRooms) is { } rooms)
        {
            // The whole list: configuration binding would merge lists entry by entry with the file's.
            options.DefaultRooms = rooms;
        }

        options.Files.MaxFileBytes = settings.Get<long?>(SettingNames.MaxFileBytes) ?? options.Files.MaxFileBytes;
        options.Files.QuotaBytesPerUser = settings.Get<long?>(SettingNames.QuotaBytesPerUser) ?? options.Files.QuotaBytesPerUser;
        foreach (var limit in Enum.GetValues<UserLimit>())
        {
            if (settings.Get<LimitValue>(SettingNames.RateLimit(limit)) is { } value)
            {
                var target = options.RateLimits.For(limit);
                target.Burst = value.Burst;
                target.PerMinute = value.PerMinute;
            }
        }
    }

    public void PostConfigure(string? name, MailOptions options)
    {
        options.Host = settings.Get<string>(SettingNames.MailHost) ?? options.Host;
        options.Port = settings.Get<int?>(SettingNames.MailPort) ?? options.Port;
        options.Security = settings.Get<string>(SettingNames.MailSecurity) ?? options.Security;
        options.Username = settings.Get<string>(SettingNames.MailUsername) ?? options.Username;
        options.Password = settings.MailPassword() ?? options.Password;
        options.From = settings.Get<string>(SettingNames.MailFrom) ?? options.From;
    }

    public void PostConfigure(string? name, RegistrationOptions options) =>
        options.Mode = settings.Get<RegistrationMode?>(SettingNames.RegistrationMode) ?? options.Mode;
}

internal sealed class RuntimeSettingsChangeTokenSource<TOptions>(RuntimeSettings settings) : IOptionsChangeTokenSource<TOptions>
{
    public string Name => Options.DefaultName;

    public IChangeToken GetChangeToken() => settings.ChangeToken();
}

/// <summary>
/// Reads the stored settings as the host starts, before any hosted service (default rooms, mail) starts with the
/// file's values; the database is migrated by then (Program.Main, ParleyServer).
/// </summary>
internal sealed class RuntimeSettingsAtStart(RuntimeSettings settings) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => settings.LoadAsync(cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

public static class RuntimeSettingsSetup
{
    public const string TestMailPolicy = "test-mail";

    public static WebApplicationBuilder AddRuntimeSettings(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<RuntimeSettings>();
        services.AddSingleton<IEventSubscriber>(sp => sp.GetRequiredService<RuntimeSettings>());
        services.AddHostedService<RuntimeSettingsAtStart>();
        services.AddSingleton<RuntimeSettingsOverrides>();
        services.AddSingleton<IPostConfigureOptions<ParleyOptions>>(sp => sp.GetRequiredService<RuntimeSettingsOverrides>());
        services.AddSingleton<IPostConfigureOptions<MailOptions>>(sp => sp.GetRequiredService<RuntimeSettingsOverrides>());
        services.AddSingleton<IPostConfigureOptions<RegistrationOptions>>(sp => sp.GetRequiredService<RuntimeSettingsOverrides>());
        services.AddSingleton<IOptionsChangeTokenSource<ParleyOptions>, RuntimeSettingsChangeTokenSource<ParleyOptions>>();
        services.AddSingleton<IOptionsChangeTokenSource<MailOptions>, RuntimeSettingsChangeTokenSource<MailOptions>>();
        services.AddSingleton<IOptionsChangeTokenSource<RegistrationOptions>, RuntimeSettingsChangeTokenSource<RegistrationOptions>>();
        services.Configure<Microsoft.AspNetCore.RateLimiting.RateLimiterOptions>(limiter =>
            // Each test opens a connection to a mail server the administrator names: a few a minute are plenty.
            limiter.AddPolicy(TestMailPolicy, http => System.Threading.RateLimiting.RateLimitPartition.GetFixedWindowLimiter(
                http.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value ?? RateLimits.ClientAddress(http),
                _ => new System.Threading.RateLimiting.FixedWindowRateLimiterOptions { PermitLimit = 5, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })));
        return builder;
    }
}
