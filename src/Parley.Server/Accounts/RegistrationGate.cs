using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Parley.Infrastructure;
using Parley.Infrastructure.Data;

namespace Parley.Accounts;

/// <summary>Who may create an account: anyone, only people with an invite code from an administrator, or nobody.</summary>
public enum RegistrationMode
{
    Open,
    InviteOnly,
    Closed,
}

/// <summary>Under "Parley:Registration"; administrators change it at run time in the admin console.</summary>
public sealed class RegistrationOptions
{
    public const string Section = "Parley:Registration";

    public RegistrationMode Mode { get; set; } = RegistrationMode.Open;
}

/// <summary>What the sign-up form needs to know before anyone fills it in.</summary>
public sealed record RegistrationPolicyResponse(RegistrationMode Mode, bool Open, bool InviteCodeRequired);

/// <summary>A registration let in; it holds one use of its invite code until the account exists.</summary>
public sealed record Admission(long? InviteCodeId);

/// <summary>
/// Decides whether a registration may go ahead (<see cref="RegistrationMode"/>) and takes one use of its invite code.
/// The first account on a fresh server is always let in: it becomes the administrator who can open registration.
/// </summary>
public sealed class RegistrationGate(ParleyDb db, IOptionsMonitor<RegistrationOptions> options, TimeProvider clock)
{
    public static readonly ApiError RegistrationClosed = ApiError.Forbidden("registration_closed",
        "Registration is closed on this server. Ask its administrator for an account.");

    public static readonly ApiError InviteCodeRequired = ApiError.BadRequest("invite_code_required",
        "This server takes new accounts by invitation only. Enter the invite code you were given.");

    public static ApiError InviteCodeInvalid(string why) => ApiError.BadRequest("invite_code_invalid", why);

    public async Task<RegistrationPolicyResponse> PolicyAsync(CancellationToken cancellationToken = default)
    {
        var mode = await EffectiveModeAsync(cancellationToken);
        return new RegistrationPolicyResponse(mode, mode != RegistrationMode.Closed, mode == RegistrationMode.InviteOnly);
    }

    /// <summary>The refusal for a registration that cannot succeed whatever its fields say; asked before they are checked.</summary>
    public async Task<ApiError?> RefusalAsync(string? inviteCode, CancellationToken cancellationToken = default) =>
        Refusal(await EffectiveModeAsync(cancellationToken), inviteCode);

    /// <summary>
    /// Lets the registration in, taking one use of its invite code when one is needed. One statement counts the use,
    /// so of two people racing for a code's last use exactly one gets it.
    /// </summary>
    public async Task<Result<Admission>> AdmitAsync(string? inviteCode, CancellationToken cancellationToken = default)
    {
        var mode = await EffectiveModeAsync(cancellationToken);
        if (Refusal(mode, inviteCode) is { } refusal)
        {
            return refusal;
        }

        if (mode != RegistrationMode.InviteOnly)
        {
            return new Admission(null);
        }

        var code = Normalize(inviteCode!);
        var now = clock.GetUtcNow().UtcDateTime;
        var taken = await db.InviteCodes
            .Where(c => c.Code == code && c.RevokedAt == null && (c.ExpiresAt == null || c.ExpiresAt > now) && (c.MaxUses == null || c.Uses < c.MaxUses))
            .ExecuteUpdateAsync(c => c.SetProperty(x => x.Uses, x => x.Uses + 1), cancellationToken);
        var found = await db.InviteCodes.AsNoTracking().Where(c => c.Code == code).FirstOrDefaultAsync(cancellationToken);
        if (taken == 1 && found is not null)
        {
            return new Admission(found.Id);
        }

        return InviteCodeInvalid(found switch
        {
            null or { RevokedAt: not null } => "This invite code is not valid. Check it, or ask for a new one.",
            { ExpiresAt: { } expires } when expires <= now => "This invite code has expired. Ask for a new one.",
            _ => "This invite code has been used as often as it may be. Ask for a new one.",
        });
    }

    /// <summary>Gives the use back when the account could not be created after all (a name taken in a race).</summary>
    public async Task ReleaseAsync(Admission admission)
    {
        if (admission.InviteCodeId is { } id)
        {
            await db.InviteCodes.Where(c => c.Id == id && c.Uses > 0).ExecuteUpdateAsync(c => c.SetProperty(x => x.Uses, x => x.Uses - 1));
        }
    }

    private static ApiError? Refusal(RegistrationMode mode, string? inviteCode) => mode switch
    {
        RegistrationMode.Closed => RegistrationClosed,
        RegistrationMode.InviteOnly when string.IsNullOrWhiteSpace(inviteCode) => InviteCodeRequired,
        _ => null,
    };

    /// <summary>Codes are shown in capitals with dashes; people type them any way.</summary>
    public static string Normalize(string code) => code.Trim().ToUpperInvariant();

    private async Task<RegistrationMode> EffectiveModeAsync(CancellationToken cancellationToken) =>
        options.CurrentValue.Mode == RegistrationMode.Open || !await db.Users.AnyAsync(cancellationToken)
            ? RegistrationMode.Open
            : options.CurrentValue.Mode;
}
