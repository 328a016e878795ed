using Microsoft.EntityFrameworkCore;
using Parley.Access;
using Parley.Audit;
using Parley.Infrastructure;
using Parley.Infrastructure.Data;

namespace Parley.Administration;

/// <summary>What the console's audit view asks for; every field optional.</summary>
public sealed record AuditFilter(string? Action, string? Actor, string? Target, string? Q, DateTime? From, DateTime? To, long? Before, int? Limit);

/// <summary>
/// Reads the audit log for the console: filtered, newest first, a page at a time by keyset (the last line's id),
/// so a page stays right while new lines arrive and a deep page costs what the first does.
/// </summary>
public sealed class AuditQuery(ParleyDb db)
{
    public const int MaxTextLength = 128;
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public async Task<Result<AuditPage>> ReadAsync(AdministratorGrant administrator, AuditFilter filter, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        errors.AddIf(filter.Action is not null && !AuditActions.All.Contains(filter.Action), "action", "Choose one of the actions the log records (GET /api/admin/audit/actions).");
        foreach (var (field, text) in new[] { ("actor", filter.Actor), ("target", filter.Target), ("q", filter.Q) })
        {
            errors.AddIf(text is { Length: > MaxTextLength }, field, $"At most {MaxTextLength} characters.");
        }

        errors.AddIf(filter.From > filter.To, "from", "The start of the range comes after its end.");
        if (!errors.IsEmpty)
        {
            return ApiError.Validation(errors, "The filter was not understood: " + errors.Summary());
        }

        var lines = db.AuditLog.AsNoTracking();
        if (filter.Action is { } action)
        {
            lines = lines.Where(e => e.Action == action);
        }

#pragma warning disable CA1862 // Lower-casing both sides is the form every provider translates.
        if (!string.IsNullOrWhiteSpace(filter.Actor))
        {
            var actor = filter.Actor.Trim().TrimStart('@').ToLowerInvariant();
            long? actorId = long.TryParse(actor, System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : null;
            lines = lines.Where(e => e.ActorName!.ToLower() == actor || (actorId != null && e.ActorId == actorId));
        }

        if (!string.IsNullOrWhiteSpace(filter.Target))
        {
            var target = filter.Target.Trim().TrimStart('@', '#').ToLowerInvariant();
            lines = lines.Where(e => e.TargetName!.ToLower() == target || e.TargetId == target);
        }

        if (!string.IsNullOrWhiteSpace(filter.Q))
        {
            var text = filter.Q.Trim().ToLowerInvariant();
            lines = lines.Where(e => e.Action.Contains(text) || e.ActorName!.ToLower().Contains(text) || e.TargetName!.ToLower().Contains(text)
                || e.Details!.ToLower().Contains(text) || e.IpAddress!.Contains(text));
        }
#pragma warning restore CA1862

        if (filter.From is { } from)
        {
            var utcFrom = from.ToUniversalTime();
            lines = lines.Where(e => e.At >= utcFrom);
        }

        if (filter.To is { } to)
        {
            var utcTo = to.ToUniversalTime();
            lines = lines.Where(e => e.At < utcTo);
        }

        if (filter.Before is { } before)
        {
            lines = lines.Where(e => e.Id < before);
        }

        var limit = Math.Clamp(filter.Limit ?? DefaultLimit, 1, MaxLimit);
        // One more than asked: whether there is a next page, without counting.
        var page = await lines
            .OrderByDescending(e => e.Id)
            .Take(limit + 1)
            .Select(e => new AuditEntryDto(e.Id, e.At, e.Action, e.ActorId, e.ActorName, e.TargetType, e.TargetId, e.TargetName, e.IpAddress, e.Details))
            .ToListAsync(cancellationToken);
        var more = page.Count > limit;
        if (more)
        {
            page.RemoveAt(limit);
        }

        return new AuditPage(page, more ? page[^1].Id : null);
    }
}
