using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Parley.Audit;
using Parley.Infrastructure;
using Parley.Infrastructure.Data;
using Parley.Infrastructure.Redis;

namespace Parley.Accounts;

/// <summary>One of the caller's passkeys as the list shows it. <see cref="Id"/> is the credential id, base64url.</summary>
public sealed record PasskeyDto(string Id, string Name, DateTime CreatedAt, DateTime? LastUsedAt);

/// <summary>
/// What the browser needs for navigator.credentials.create() or .get(): <see cref="Options"/> in the WebAuthn JSON
/// form (PublicKeyCredentialCreationOptionsJSON / RequestOptionsJSON), and the ceremony to name when sending the result.
/// </summary>
public sealed record PasskeyOptionsResponse(string CeremonyId, JsonElement Options);

public enum PasskeyCeremonyKind
{
    Registration,
    SignIn,
}

/// <summary>A passkey ceremony under way: Identity's state (its challenge), and for a registration whose it is.</summary>
public sealed record PasskeyCeremony(PasskeyCeremonyKind Kind, string? State, long? UserId, Guid? SessionId);

/// <summary>
/// Ceremonies between their options and their result, kept on the server and taken once: a challenge answers one
/// ceremony only, so a captured response cannot be replayed, even by a passkey whose signature counter stays at zero
/// (synced passkeys). Identity's SignInManager keeps this state in its two-factor cookie instead, a scheme our
/// AddIdentityCore setup does not have and that a pending two-factor sign-in would share. With several nodes the
/// ceremonies are in Redis, taken with GETDEL, so the options may come from one node and the result go to another and
/// still only one result counts; while Redis is unreachable they are kept in this process (a ceremony then finishes
/// only on the node that began it).
/// </summary>
public sealed class PasskeyCeremonies(IMemoryCache cache, IOptions<IdentityPasskeyOptions> options, SharedState? shared = null)
{
    /// <summary>Base64url of 32 random bytes.</summary>
    public const int IdLength = 43;

    private readonly Lock _gate = new();

    public async ValueTask<string> StartAsync(PasskeyCeremony ceremony)
    {
        var id = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        // The browser gives the person the authenticator's timeout; a minute more covers the round trips.
        var lifetime = options.Value.AuthenticatorTimeout + TimeSpan.FromMinutes(1);
        if (shared is null || !await shared.PutOnceAsync(RedisKeys.Of(Key(id)), JsonSerializer.Serialize(ceremony), lifetime))
        {
            cache.Set(Key(id), ceremony, lifetime);
        }

        return id;
    }

    /// <summary>The ceremony, removed so no second result can use it; null when unknown, expired, used or of another kind.</summary>
    public async ValueTask<PasskeyCeremony?> TakeAsync(string? id, PasskeyCeremonyKind kind)
    {
        if (id is not { Length: IdLength })
        {
            return null;
        }

        PasskeyCeremony? ceremony = null;
        if (shared is not null && await shared.TakeOnceAsync(RedisKeys.Of(Key(id))) is { Answered: true, Value: { } json })
        {
            ceremony = JsonSerializer.Deserialize<PasskeyCeremony>(json);
        }
        else
        {
            // Also with Redis: a ceremony begun while it was unreachable is here.
            lock (_gate)
            {
                if (cache.TryGetValue(Key(id), out ceremony))
                {
                    cache.Remove(Key(id));
                }
            }
        }

        return ceremony?.Kind == kind ? ceremony : null;
    }

    private static string Key(string id) => "passkey-ceremony:" + id;
}

/// <summary>
/// Passkeys (WebAuthn) with ASP.NET Core Identity's passkey handler and store: adding one to an account, listing,
/// renaming and removing them, and signing in with one. The handler checks the WebAuthn rules (challenge, origin,
/// relying party, signature, counter); this class adds who may do what.
/// </summary>
public sealed partial class Passkeys(
    UserManager<User> users,
    IPasskeyHandler<User> handler,
    PasskeyCeremonies ceremonies,
    ParleyDb db,
    AuditLog audit,
    IOptions<AccountOptions> accountOptions,
    TimeProvider clock,
    ILogger<Passkeys> logger)
{
    public const int MaxNameLength = 50;

    /// <summary>More than anyone needs (a phone, a laptop, two security keys, a password manager…); keeps a stolen session from piling them up.</summary>
    public const int MaxPerAccount = 20;

    /// <summary>
    /// The longest credential JSON accepted. With attestation "none" (Identity's default) a response is a few hundred
    /// bytes of key and signature plus the client data; this leaves room for large keys and extensions.
    /// </summary>
    public const int MaxCredentialJsonLength = 16 * 1024;

    public static readonly ApiError NotFound = ApiError.NotFound("passkey_not_found", "You have no such passkey.");

    public static readonly ApiError CeremonyExpired = ApiError.BadRequest("passkey_failed",
        "This passkey request has expired or was already used. Try again.");

    public async Task<Result<PasskeyOptionsResponse>> StartRegistrationAsync(User user, Guid? sessionId, HttpContext http)
    {
        var count = await db.Set<IdentityUserPasskey<long>>().CountAsync(p => p.UserId == user.Id);
        if (count >= MaxPerAccount)
        {
            return ApiError.Conflict("too_many_passkeys", $"An account can have at most {MaxPerAccount} passkeys. Remove one you no longer use first.");
        }

        var entity = new PasskeyUserEntity
        {
            // The user handle: Identity matches it against GetUserIdAsync when a discoverable passkey signs in.
            Id = user.Id.ToString(CultureInfo.InvariantCulture),
            Name = user.UserName!,
            DisplayName = user.DisplayName,
        };
        var options = await handler.MakeCreationOptionsAsync(entity, http);
        var ceremonyId = await ceremonies.StartAsync(new PasskeyCeremony(PasskeyCeremonyKind.Registration, options.AttestationState, user.Id, sessionId));
        return new PasskeyOptionsResponse(ceremonyId, ParseOptions(options.CreationOptionsJson));
    }

    public async Task<Result<PasskeyDto>> FinishRegistrationAsync(User user, Guid? sessionId, string? ceremonyId, JsonElement? credential, string? name, HttpContext http)
    {
        var errors = new ValidationErrors();
        var credentialJson = CredentialJson(credential, errors);
        var checkedName = CheckName(name ?? DefaultName(http), errors);
        if (!errors.IsEmpty)
        {
            return ApiError.Validation(errors, errors.Summary());
        }

        // The ceremony must be this session's: options fetched elsewhere (another account or browser) do not count.
        if (await ceremonies.TakeAsync(ceremonyId, PasskeyCeremonyKind.Registration) is not { } ceremony || ceremony.UserId != user.Id || ceremony.SessionId != sessionId)
        {
            return CeremonyExpired;
        }

        var result = await handler.PerformAttestationAsync(new PasskeyAttestationContext
        {
            CredentialJson = credentialJson!,
            AttestationState = ceremony.State,
            HttpContext = http,
        });
        if (!result.Succeeded || result.UserEntity.Id != user.Id.ToString(CultureInfo.InvariantCulture))
        {
            LogRefused(logger, "registration", user.Id, result.Failure?.Message ?? "the passkey was made for another account");
            return ApiError.BadRequest("passkey_failed",
                "Your browser's answer could not be verified, so the passkey was not added. Try again; if it keeps failing, try another browser or device.");
        }

        if (await users.FindByPasskeyIdAsync(result.Passkey.CredentialId) is not null)
        {
            return ApiError.Conflict("passkey_exists", "This passkey is already registered. Each passkey can be added once.");
        }

        result.Passkey.Name = checkedName;
        var saved = await users.AddOrUpdatePasskeyAsync(user, result.Passkey);
        if (!saved.Succeeded)
        {
            return ApiError.Conflict("passkey_failed", "The passkey could not be saved. Try again.");
        }

        await audit.RecordAsync(AuditActions.PasskeyAdded, AuditActor.Of(http, user.Id, user.UserName), AuditTarget.User(user.Id, user.UserName), checkedName);
        return new PasskeyDto(Base64Url.EncodeToString(result.Passkey.CredentialId), checkedName!, result.Passkey.CreatedAt.UtcDateTime, null);
    }

    public async Task<List<PasskeyDto>> ListAsync(User user)
    {
        var passkeys = await users.GetPasskeysAsync(user);
        var uses = await db.PasskeyUses.AsNoTracking().Where(u => u.UserId == user.Id).ToListAsync();
        return
        [
            .. passkeys
                .Select(p => new PasskeyDto(
                    Base64Url.EncodeToString(p.CredentialId),
                    p.Name ?? "Passkey",
                    p.CreatedAt.UtcDateTime,
                    uses.FirstOrDefault(u => u.CredentialId.AsSpan().SequenceEqual(p.CredentialId))?.LastUsedAt))
                .OrderBy(p => p.CreatedAt),
        ];
    }

    public async Task<Result<PasskeyDto>> RenameAsync(User user, string id, string? name)
    {
        var errors = new ValidationErrors();
        var checkedName = CheckName(name, errors);
        if (!errors.IsEmpty)
        {
            return ApiError.Validation(errors, errors.Summary());
        }

        // GetPasskeyAsync looks among this user's passkeys only: another person's id answers like an unknown one.
        if (CredentialId(id) is not { } credentialId || await users.GetPasskeyAsync(user, credentialId) is not { } passkey)
        {
            return NotFound;
        }

        passkey.Name = checkedName;
        var saved = await users.AddOrUpdatePasskeyAsync(user, passkey);
        if (!saved.Succeeded)
        {
            return ApiError.Conflict("passkey_failed", "The passkey could not be renamed. Try again.");
        }

        var lastUsed = await db.PasskeyUses.AsNoTracking().Where(u => u.CredentialId == credentialId).Select(u => (DateTime?)u.LastUsedAt).FirstOrDefaultAsync();
        return new PasskeyDto(id, checkedName!, passkey.CreatedAt.UtcDateTime, lastUsed);
    }

    public async Task<ApiError?> RemoveAsync(User user, string id, HttpContext http)
    {
        if (CredentialId(id) is not { } credentialId || await users.GetPasskeyAsync(user, credentialId) is not { } passkey)
        {
            return NotFound;
        }

        var removed = await users.RemovePasskeyAsync(user, credentialId);
        if (!removed.Succeeded)
        {
            return ApiError.Conflict("passkey_failed", "The passkey could not be removed. Try again.");
        }

        await audit.RecordAsync(AuditActions.PasskeyRemoved, AuditActor.Of(http, user.Id, user.UserName), AuditTarget.User(user.Id, user.UserName), passkey.Name);
        return null;
    }

    /// <summary>Options for signing in with any passkey of this server the browser holds: no username is asked for.</summary>
    public async Task<PasskeyOptionsResponse> StartSignInAsync(HttpContext http)
    {
        var options = await handler.MakeRequestOptionsAsync(null, http);
        var ceremonyId = await ceremonies.StartAsync(new PasskeyCeremony(PasskeyCeremonyKind.SignIn, options.AssertionState, null, null));
        return new PasskeyOptionsResponse(ceremonyId, ParseOptions(options.RequestOptionsJson));
    }

    /// <summary>
    /// The account the passkey belongs to, when its signature checks out and the account may sign in. A passkey is
    /// something the person has, unlocked by their fingerprint, face or PIN (user verification is required), so it
    /// counts as two factors: no one-time code is asked for after it. Password lockout does not apply either: it
    /// is there against guessing, and a passkey's signature cannot be guessed.
    /// </summary>
    public async Task<Result<User>> SignInAsync(string? ceremonyId, JsonElement? credential, HttpContext http)
    {
        var errors = new ValidationErrors();
        var credentialJson = CredentialJson(credential, errors);
        if (!errors.IsEmpty)
        {
            return ApiError.Validation(errors, errors.Summary());
        }

        if (await ceremonies.TakeAsync(ceremonyId, PasskeyCeremonyKind.SignIn) is not { } ceremony)
        {
            return CeremonyExpired;
        }

        var result = await handler.PerformAssertionAsync(new PasskeyAssertionContext
        {
            CredentialJson = credentialJson!,
            AssertionState = ceremony.State,
            HttpContext = http,
        });
        if (!result.Succeeded)
        {
            LogRefused(logger, "sign-in", null, result.Failure.Message);
            var refused = ApiError.Unauthorized("passkey_failed",
                "This passkey was not accepted. It may have been removed from your account; sign in with your password instead.");
            await audit.RecordAsync(AuditActions.SignInFailed, new AuditActor(null, null, http.ClientAddress()), null, "Passkey: " + refused.Detail);
            return refused;
        }

        var user = result.User;
        // The same order as the password check: only a proven owner learns that the account is deactivated or unverified.
        if (user.DeactivatedAt is not null)
        {
            await AuditFailureAsync(http, user, CredentialCheck.AccountDeactivated);
            return CredentialCheck.AccountDeactivated;
        }

        if (!user.EmailConfirmed && EmailVerificationMode.Of(accountOptions.Value) == EmailVerificationMode.Required)
        {
            await AuditFailureAsync(http, user, EmailVerification.NotVerified);
            return EmailVerification.NotVerified;
        }

        // The new signature counter, so that a cloned authenticator (whose counter lags) is noticed next time.
        await users.AddOrUpdatePasskeyAsync(user, result.Passkey);
        await RecordUseAsync(user.Id, result.Passkey.CredentialId);
        return user;
    }

    private async Task RecordUseAsync(long userId, byte[] credentialId)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var updated = await db.PasskeyUses.Where(u => u.CredentialId == credentialId).ExecuteUpdateAsync(u => u.SetProperty(x => x.LastUsedAt, now));
        if (updated == 0)
        {
            db.PasskeyUses.Add(new PasskeyUse { CredentialId = credentialId, UserId = userId, LastUsedAt = now });
            try
            {
                await db.SaveChangesAsync();
            }
            catch (DbUpdateException ex) when (ex.IsUniqueViolation())
            {
                // Two sign-ins with one passkey at once: the other wrote the row, and its time is as good as ours.
                db.ChangeTracker.Clear();
            }
        }
    }

    private Task AuditFailureAsync(HttpContext http, User user, ApiError error) =>
        audit.RecordAsync(AuditActions.SignInFailed, new AuditActor(null, null, http.ClientAddress()), AuditTarget.User(user.Id, user.UserName), "Passkey: " + error.Detail);

    private static JsonElement ParseOptions(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private static string? CredentialJson(JsonElement? credential, ValidationErrors errors)
    {
        if (credential is not { ValueKind: JsonValueKind.Object } value)
        {
            errors.Add("credential", "Send the browser's passkey response (PublicKeyCredential.toJSON()).");
            return null;
        }

        var json = value.GetRawText();
        if (json.Length > MaxCredentialJsonLength)
        {
            errors.Add("credential", $"A passkey response is at most {MaxCredentialJsonLength / 1024} KB.");
            return null;
        }

        return json;
    }

    private static string? CheckName(string? name, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            errors.Add("name", "Give the passkey a name, so you can tell it from your others.");
            return null;
        }

        if (NameText.Check(name, "A passkey name", out var normalized) is { } problem)
        {
            errors.Add("name", problem);
            return null;
        }

        if (TextLength.Of(normalized) > MaxNameLength)
        {
            errors.Add("name", $"A passkey name is at most {MaxNameLength} characters.");
            return null;
        }

        return normalized;
    }

    /// <summary>"Chrome on Linux": where the passkey was most likely made, until the person names it.</summary>
    private static string DefaultName(HttpContext http)
    {
        var device = UserAgents.Describe(http.Request.Headers.UserAgent);
        return device.Browser == UserAgents.Unknown ? "Passkey" : $"{device.Browser} on {device.Os}";
    }

    private static byte[]? CredentialId(string? id)
    {
        // A credential id is at most 1023 bytes: 1364 base64url characters.
        if (string.IsNullOrEmpty(id) || id.Length > 1364)
        {
            return null;
        }

        try
        {
            return Base64Url.DecodeFromChars(id);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Security: passkey {Ceremony} refused (user {UserId}): {Reason}")]
    private static partial void LogRefused(ILogger logger, string ceremony, long? userId, string reason);
}
