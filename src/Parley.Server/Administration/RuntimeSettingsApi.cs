using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Parley.Access;
using Parley.Accounts;
using Parley.Accounts.Mail;
using Parley.Audit;
using Parley.Events;
using Parley.Infrastructure;
using Parley.Infrastructure.Data;
using Parley.Rooms;

namespace Parley.Administration;

public sealed record FileLimitsDto(long MaxFileBytes, long QuotaBytesPerUser);

public sealed record RateLimitDto(UserLimit Limit, int Burst, int PerMinute);

/// <summary>The mail settings in force; the password never leaves the server, only whether there is one.</summary>
public sealed record MailSettingsDto(string Host, int Port, string Security, string Username, bool PasswordSet, string From);

/// <summary>
/// The settings in force: what administrators saved, over appsettings.json and the environment. <see cref="Stored"/>
/// names those with a saved value (SettingNames).
/// </summary>
public sealed record ServerSettingsDto(
    RegistrationMode RegistrationMode,
    IReadOnlyList<string> DefaultRooms,
    FileLimitsDto Files,
    IReadOnlyList<RateLimitDto> RateLimits,
    MailSettingsDto Mail,
    IReadOnlyList<string> Stored);

public sealed record FileLimitsUpdate(long? MaxFileBytes, long? QuotaBytesPerUser);

/// <summary><see cref="Password"/>: a new one (null or empty: unchanged); <see cref="ClearPassword"/>: sign in without one.</summary>
public sealed record MailSettingsUpdate(string? Host, int? Port, string? Security, string? Username, string? Password, bool? ClearPassword, string? From);

/// <summary>What to change; anything null stays as it is.</summary>
public sealed record ServerSettingsUpdate(
    RegistrationMode? RegistrationMode,
    IReadOnlyList<string>? DefaultRooms,
    FileLimitsUpdate? Files,
    IReadOnlyList<RateLimitDto>? RateLimits,
    MailSettingsUpdate? Mail);

public static class RuntimeSettingsApi
{
    public const int MaxDefaultRooms = 20;
    public const long MinFileBytes = 1024;
    public const long MaxFileBytesCeiling = 10L * 1024 * 1024 * 1024;
    public const long MaxQuotaBytes = 10L * 1024 * 1024 * 1024 * 1024;
    public const int MaxLimit = 1_000_000;
    public const int MaxMailField = 256;

    public static RouteGroupBuilder MapServerSettings(this RouteGroupBuilder api)
    {
        var settings = api.MapGroup("/admin/settings").WithTags("Administration");
        settings.MapGet("", GetAsync).WithSummary("The server settings in force (administrators)");
        settings.MapPut("", SaveAsync).WithSummary("Change server settings at run time (administrators)")
            .WithDescription("Saved in the database, they override appsettings.json and the environment and apply at once. Fields left out stay as they are.");
        return api;
    }

    private static async Task<Results<Ok<ServerSettingsDto>, ProblemHttpResult>> GetAsync(HttpContext http, SiteAccess site, RuntimeSettings stored,
        IOptionsMonitor<ParleyOptions> options, IOptionsMonitor<MailOptions> mail, IOptionsMonitor<RegistrationOptions> registration, CancellationToken ct)
    {
        var grant = await site.AdministratorAsync(http.User.GetUserId(), ct);
        return grant.IsSuccess ? TypedResults.Ok(Current(stored, options.CurrentValue, mail.CurrentValue, registration.CurrentValue)) : grant.Error!.ToProblem();
    }

    private static async Task<Results<Ok<ServerSettingsDto>, ProblemHttpResult>> SaveAsync(
        ServerSettingsUpdate update,
        HttpContext http,
        SiteAccess site,
        RuntimeSettings stored,
        IOptionsMonitor<ParleyOptions> options,
        IOptionsMonitor<MailOptions> mail,
        IOptionsMonitor<RegistrationOptions> registration,
        ParleyDb db,
        IEventBus bus,
        AuditLog audit,
        IServiceScopeFactory scopes,
        TimeProvider clock,
        CancellationToken ct)
    {
        var grant = await site.AdministratorAsync(http.User.GetUserId(), ct);
        if (!grant.IsSuccess)
        {
            return grant.Error!.ToProblem();
        }

        var current = Current(stored, options.CurrentValue, mail.CurrentValue, registration.CurrentValue);
        var errors = new ValidationErrors();
        var changes = new List<SettingChange>();

        if (update.RegistrationMode is { } mode && mode != current.RegistrationMode)
        {
            changes.Add(SettingChange.Of(SettingNames.RegistrationMode, mode, $"{Show(current.RegistrationMode)} → {Show(mode)}"));
        }

        if (update.DefaultRooms is { } rooms)
        {
            var roomNames = CheckDefaultRooms(rooms, errors);
            if (roomNames is not null && !roomNames.SequenceEqual(current.DefaultRooms, StringComparer.Ordinal))
            {
                changes.Add(SettingChange.Of(SettingNames.DefaultRooms, roomNames, $"{ShowList(current.DefaultRooms)} → {ShowList(roomNames)}"));
            }
        }

        if (update.Files is { } files)
        {
            CompareNumber(SettingNames.MaxFileBytes, "files.maxFileBytes", current.Files.MaxFileBytes, files.MaxFileBytes, MinFileBytes, MaxFileBytesCeiling, errors, changes);
            CompareNumber(SettingNames.QuotaBytesPerUser, "files.quotaBytesPerUser", current.Files.QuotaBytesPerUser, files.QuotaBytesPerUser, 0, MaxQuotaBytes, errors, changes);
        }

        foreach (var limit in update.RateLimits ?? [])
        {
            var field = "rateLimits." + JsonNamingPolicy.CamelCase.ConvertName(limit.Limit.ToString());
            errors.AddIf(limit.Burst is < 1 or > MaxLimit, field + ".burst", $"A burst is a whole number from 1 to {MaxLimit}.");
            errors.AddIf(limit.PerMinute is < 1 or > MaxLimit, field + ".perMinute", $"A rate per minute is a whole number from 1 to {MaxLimit}.");
            var inForce = current.RateLimits.Single(l => l.Limit == limit.Limit);
            if (inForce.Burst != limit.Burst || inForce.PerMinute != limit.PerMinute)
            {
                changes.RemoveAll(c => c.Name == SettingNames.RateLimit(limit.Limit));
                changes.Add(SettingChange.Of(SettingNames.RateLimit(limit.Limit), new LimitValue(limit.Burst, limit.PerMinute),
                    $"burst {inForce.Burst}, {inForce.PerMinute}/min → burst {limit.Burst}, {limit.PerMinute}/min"));
            }
        }

        if (update.Mail is { } newMail)
        {
            CompareMail(current.Mail, newMail, stored, errors, changes);
        }

        if (!errors.IsEmpty)
        {
            return ApiError.Validation(errors, "The settings were not saved: " + errors.Summary()).ToProblem();
        }

        if (changes.Count == 0)
        {
            return TypedResults.Ok(current);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var names = changes.Select(c => c.Name).ToList();
        var rows = await db.ServerSettings.AsTracking().Where(s => names.Contains(s.Name)).ToDictionaryAsync(s => s.Name, StringComparer.Ordinal, CancellationToken.None);
        foreach (var change in changes)
        {
            if (!rows.TryGetValue(change.Name, out var row))
            {
                db.ServerSettings.Add(row = new ServerSetting { Name = change.Name });
            }

            row.Value = change.Value;
            row.UpdatedAt = now;
            row.UpdatedById = grant.Value!.UserId;
        }

        // Not the request's token: once saved, every node must hear of it and the audit log must say so.
        await db.SaveChangesAsync(CancellationToken.None);
        await bus.PublishAsync(new ServerSettingsChanged(), CancellationToken.None);
        foreach (var change in changes)
        {
            await audit.RecordAsync(AuditActions.SettingChanged, AuditActor.Of(http), AuditTarget.Setting(change.Name), change.Description);
        }

        if (changes.Any(c => c.Name == SettingNames.DefaultRooms))
        {
            // A scope of its own: its options are read after the change, not when this request began.
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DefaultRooms>().EnsureCreatedAsync(CancellationToken.None);
        }

        return TypedResults.Ok(Current(stored, options.CurrentValue, mail.CurrentValue, registration.CurrentValue));
    }

    private static ServerSettingsDto Current(RuntimeSettings stored, ParleyOptions options, MailOptions mail, RegistrationOptions registration) => new(
        registration.Mode,
        DefaultRooms.NamesFrom(options.DefaultRooms),
        new FileLimitsDto(options.Files.MaxFileBytes, options.Files.QuotaBytesPerUser),
        [.. Enum.GetValues<UserLimit>().Select(l => new RateLimitDto(l, options.RateLimits.For(l).Burst, options.RateLimits.For(l).PerMinute))],
        new MailSettingsDto(mail.Host, mail.Port, mail.Security, mail.Username, !string.IsNullOrEmpty(mail.Password), mail.From),
        [.. stored.StoredNames.Order(StringComparer.Ordinal)]);

    private static List<string>? CheckDefaultRooms(IReadOnlyList<string> rooms, ValidationErrors errors)
    {
        if (rooms.Count > MaxDefaultRooms)
        {
            errors.Add("defaultRooms", $"At most {MaxDefaultRooms} default rooms.");
            return null;
        }

        var names = new List<string>();
        foreach (var room in rooms.Where(r => !string.IsNullOrWhiteSpace(r)))
        {
            if (RoomRules.CheckName(room, out var normalized) is { } error)
            {
                errors.Add("defaultRooms", $"\"{Truncate(room)}\": {error}");
            }
            else if (!names.Any(n => NameText.Key(n) == NameText.Key(normalized)))
            {
                names.Add(normalized);
            }
        }

        return errors.For("defaultRooms").Count == 0 ? names : null;
    }

    private static void CompareNumber(string name, string field, long current, long? proposed, long min, long max, ValidationErrors errors, List<SettingChange> changes)
    {
        if (proposed is not { } value)
        {
            return;
        }

        if (value < min || value > max)
        {
            errors.Add(field, $"Use a number of bytes from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}.");
        }
        else if (value != current)
        {
            changes.Add(SettingChange.Of(name, value, $"{current.ToString(CultureInfo.InvariantCulture)} → {value.ToString(CultureInfo.InvariantCulture)}"));
        }
    }

    private static void CompareMail(MailSettingsDto current, MailSettingsUpdate update, RuntimeSettings stored, ValidationErrors errors, List<SettingChange> changes)
    {
        if (update.Host is { } host)
        {
            host = host.Trim();
            errors.AddIf(host.Length > 0 && (host.Length > 253 || Uri.CheckHostName(host) == UriHostNameType.Unknown), "mail.host",
                "Use the mail server's host name or address, such as smtp.example.org, without a scheme or port (empty: write mail to the outbox folder).");
            AddText(SettingNames.MailHost, current.Host, host, changes);
        }

        if (update.Port is { } port)
        {
            errors.AddIf(port is < 1 or > 65535, "mail.port", "Use a port from 1 to 65535 (587 for STARTTLS, 465 for TLS).");
            if (port != current.Port)
            {
                changes.Add(SettingChange.Of(SettingNames.MailPort, port, $"{current.Port.ToString(CultureInfo.InvariantCulture)} → {port.ToString(CultureInfo.InvariantCulture)}"));
            }
        }

        if (update.Security is { } security)
        {
            security = security.Trim().ToLowerInvariant();
            errors.AddIf(security is not ("starttls" or "tls" or "none"), "mail.security", "Use starttls, tls or none.");
            AddText(SettingNames.MailSecurity, current.Security, security, changes);
        }

        if (update.Username is { } username)
        {
            errors.AddIf(username.Length > MaxMailField, "mail.username", $"At most {MaxMailField} characters.");
            AddText(SettingNames.MailUsername, current.Username, username.Trim(), changes);
        }

        if (update.Password is { Length: > 0 } password)
        {
            errors.AddIf(update.ClearPassword == true, "mail.password", "Either set a new password or clear it, not both.");
            errors.AddIf(password.Length > MaxMailField, "mail.password", $"At most {MaxMailField} characters.");
            changes.Add(new SettingChange(SettingNames.MailPassword, stored.StoredMailPassword(password), current.PasswordSet ? "changed" : "set"));
        }
        else if (update.ClearPassword == true && current.PasswordSet)
        {
            changes.Add(new SettingChange(SettingNames.MailPassword, stored.StoredMailPassword(""), "cleared"));
        }

        if (update.From is { } from)
        {
            from = from.Trim();
            errors.AddIf(from.Length > MaxMailField || !MimeKit.MailboxAddress.TryParse(from, out _), "mail.from",
                "Use an address such as \"Parley <parley@example.org>\".");
            AddText(SettingNames.MailFrom, current.From, from, changes);
        }
    }

    private static void AddText(string name, string current, string proposed, List<SettingChange> changes)
    {
        if (!string.Equals(current, proposed, StringComparison.Ordinal))
        {
            changes.Add(SettingChange.Of(name, proposed, $"\"{Truncate(current)}\" → \"{Truncate(proposed)}\""));
        }
    }

    private static string Show(RegistrationMode mode) => JsonNamingPolicy.CamelCase.ConvertName(mode.ToString());

    private static string ShowList(IEnumerable<string> names) => names.Any() ? string.Join(", ", names) : "(none)";

    private static string Truncate(string text) => text.Length > 80 ? text[..80] + "…" : text;

    /// <summary>A value to store (JSON) and the audit log's words for the change, which never contain a secret.</summary>
    private sealed record SettingChange(string Name, string Value, string Description)
    {
        public static SettingChange Of<T>(string name, T value, string description) => new(name, JsonSerializer.Serialize(value, RuntimeSettings.Json), description);
    }
}
