using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Parley.Access;
using Parley.Accounts;
using Parley.Audit;
using Parley.Infrastructure;
using Parley.Infrastructure.Data;

namespace Parley.Administration;

public enum InviteCodeStatus
{
    Active,
    Expired,
    UsedUp,
    Revoked,
}

public sealed record InviteCodeDto(
    long Id,
    string Code,
    string? Note,
    int? MaxUses,
    int Uses,
    DateTime? ExpiresAt,
    DateTime CreatedAt,
    string? CreatedBy,
    DateTime? RevokedAt,
    InviteCodeStatus Status);

/// <summary>An invite code to make: for how many accounts (null: any number) and until when (null: until revoked).</summary>
public sealed record CreateInviteCodeRequest(int? MaxUses, DateTime? ExpiresAt, string? Note);

/// <summary>Invite codes for an invite-only server (RegistrationGate takes their uses): made, listed and revoked by administrators.</summary>
public static class InviteCodesApi
{
    public const int MaxUsesCeiling = 10_000;
    public const int MaxNoteLength = 200;

    /// <summary>Codes that can still be used at once: a ceiling on what a careless script can pile up.</summary>
    public const int MaxActiveCodes = 1000;

    public const int ListLimit = 500;

    public static readonly ApiError InviteCodeNotFound = ApiError.NotFound("invite_code_not_found", "There is no invite code with this id.");

    public static readonly ApiError TooManyInviteCodes = ApiError.Conflict("too_many_invite_codes",
        $"There are {MaxActiveCodes} invite codes that can still be used. Revoke some first.");

    // No 0/O or 1/I/L: codes are read aloud and copied from screens.
    private const string Alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

    public static RouteGroupBuilder MapInviteCodes(this RouteGroupBuilder api)
    {
        var codes = api.MapGroup("/admin/invite-codes").WithTags("Administration");
        codes.MapGet("", ListAsync).WithSummary("Invite codes, newest first (administrators)");
        codes.MapPost("", CreateAsync).WithSummary("Make an invite code for an invite-only server (administrators)");
        codes.MapDelete("/{id:long}", RevokeAsync).WithSummary("Revoke an invite code: it admits nobody any more (administrators)");
        return api;
    }

    private static async Task<Results<Ok<List<InviteCodeDto>>, ProblemHttpResult>> ListAsync(HttpContext http, SiteAccess site, ParleyDb db, TimeProvider clock, CancellationToken ct)
    {
        var grant = await site.AdministratorAsync(http.User.GetUserId(), ct);
        if (!grant.IsSuccess)
        {
            return grant.Error!.ToProblem();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var codes = await db.InviteCodes.AsNoTracking().OrderByDescending(c => c.Id).Take(ListLimit).ToListAsync(ct);
        return TypedResults.Ok(codes.Select(c => ToDto(c, now)).ToList());
    }

    private static async Task<Results<Created<InviteCodeDto>, ProblemHttpResult>> CreateAsync(
        CreateInviteCodeRequest request, HttpContext http, SiteAccess site, ParleyDb db, AuditLog audit, TimeProvider clock, CancellationToken ct)
    {
        var grant = await site.AdministratorAsync(http.User.GetUserId(), ct);
        if (!grant.IsSuccess)
        {
            return grant.Error!.ToProblem();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var note = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim();
        var errors = new ValidationErrors()
            .AddIf(request.MaxUses is < 1 or > MaxUsesCeiling, "maxUses", $"Uses are a whole number from 1 to {MaxUsesCeiling}, or none for no limit.")
            .AddIf(request.ExpiresAt is { } expires && expires.ToUniversalTime() <= now, "expiresAt", "The expiry must be in the future.")
            .AddIf(request.ExpiresAt is { } far && far.ToUniversalTime() > now.AddYears(1), "expiresAt", "A code expires within a year, or never.")
            .AddIf(note is { Length: > MaxNoteLength }, "note", $"A note is at most {MaxNoteLength} characters.");
        if (!errors.IsEmpty)
        {
            return ApiError.Validation(errors, "The invite code was not made: " + errors.Summary()).ToProblem();
        }

        var active = await db.InviteCodes.CountAsync(c => c.RevokedAt == null && (c.ExpiresAt == null || c.ExpiresAt > now) && (c.MaxUses == null || c.Uses < c.MaxUses), ct);
        if (active >= MaxActiveCodes)
        {
            return TooManyInviteCodes.ToProblem();
        }

        var actor = AuditActor.Of(http);
        var code = new InviteCode
        {
            Code = NewCode(),
            Note = note,
            MaxUses = request.MaxUses,
            ExpiresAt = request.ExpiresAt?.ToUniversalTime(),
            CreatedAt = now,
            CreatedById = grant.Value!.UserId,
            CreatedByName = actor.Name,
        };
        db.InviteCodes.Add(code);
        await db.SaveChangesAsync(CancellationToken.None);
        await audit.RecordAsync(AuditActions.InviteCodeCreated, actor, Target(code), Describe(code));
        return TypedResults.Created($"/api/admin/invite-codes/{code.Id}", ToDto(code, now));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(long id, HttpContext http, SiteAccess site, ParleyDb db, AuditLog audit, TimeProvider clock, CancellationToken ct)
    {
        var grant = await site.AdministratorAsync(http.User.GetUserId(), ct);
        if (!grant.IsSuccess)
        {
            return grant.Error!.ToProblem();
        }

        var code = await db.InviteCodes.FirstOrDefaultAsync(c => c.Id == id, ct);
        if (code is null)
        {
            return InviteCodeNotFound.ToProblem();
        }

        // One statement: of two administrators revoking at once, one revokes and is recorded.
        var revoked = await db.InviteCodes.Where(c => c.Id == id && c.RevokedAt == null)
            .ExecuteUpdateAsync(c => c.SetProperty(x => x.RevokedAt, clock.GetUtcNow().UtcDateTime), CancellationToken.None);
        if (revoked == 1)
        {
            await audit.RecordAsync(AuditActions.InviteCodeRevoked, AuditActor.Of(http), Target(code), $"Used {code.Uses} time{(code.Uses == 1 ? "" : "s")}");
        }

        return TypedResults.NoContent();
    }

    /// <summary>Three groups of four, about 59 bits: not guessable within any rate limit on registration.</summary>
    private static string NewCode()
    {
        var letters = RandomNumberGenerator.GetString(Alphabet, 12);
        return $"{letters[..4]}-{letters[4..8]}-{letters[8..]}";
    }

    private static AuditTarget Target(InviteCode code) => new("invite_code", code.Id.ToString(CultureInfo.InvariantCulture), code.Note ?? code.Code);

    private static string Describe(InviteCode code) =>
        $"{(code.MaxUses is { } uses ? $"{uses} use{(uses == 1 ? "" : "s")}" : "unlimited uses")}, {(code.ExpiresAt is { } expires ? $"expires {expires:u}" : "no expiry")}";

    private static InviteCodeDto ToDto(InviteCode code, DateTime now) => new(
        code.Id, code.Code, code.Note, code.MaxUses, code.Uses, code.ExpiresAt, code.CreatedAt, code.CreatedByName, code.RevokedAt,
        code switch
        {
            { RevokedAt: not null } => InviteCodeStatus.Revoked,
            { ExpiresAt: { } expires } when expires <= now => InviteCodeStatus.Expired,
            { MaxUses: { } max } when code.Uses >= max => InviteCodeStatus.UsedUp,
            _ => InviteCodeStatus.Active,
        });
}
