using Parley.Events;
using Parley.Infrastructure.Data;

namespace Parley.Administration;

/// <summary>One page of a list the console pages through by offset (users, rooms: short lists an admin browses).</summary>
public sealed record AdminPage<T>(List<T> Items, int Total, int Offset, int Limit);

/// <summary>An account as the console's user list shows it.</summary>
public sealed record AdminUserRow(
    long Id, string Username, string DisplayName, string? Email, DateTime CreatedAt, DateTime? LastSeenAt, bool Online, bool IsAdmin, DateTime? DeactivatedAt);

/// <summary>One account in full, for the console's user view. Counts, never contents.</summary>
public sealed record AdminUserDetail(
    long Id,
    string Username,
    string DisplayName,
    string? Email,
    bool EmailConfirmed,
    DateTime CreatedAt,
    DateTime? LastSeenAt,
    bool Online,
    bool IsAdmin,
    DateTime? DeactivatedAt,
    bool TwoFactorEnabled,
    int ActiveSessions,
    int Rooms,
    int Messages);

public sealed record SetAdministratorRequest(bool? IsAdmin);

public sealed record SessionsEndedDto(int SessionsEnded);

/// <summary>A room as the console lists it: its name and numbers, whoever may see it, and never its messages.</summary>
public sealed record AdminRoomRow(
    long Id, string Name, RoomVisibility Visibility, DateTime CreatedAt, UserSummary? Owner, int Members, int Messages);

public sealed record TransferOwnershipRequest(long? UserId);

/// <summary>One line of the audit log as the console shows it.</summary>
public sealed record AuditEntryDto(
    long Id, DateTime At, string Action, long? ActorId, string? ActorName, string? TargetType, string? TargetId, string? TargetName, string? IpAddress, string? Details);

/// <summary>Lines newest first; <see cref="NextBefore"/> asks for the page after (null: no more).</summary>
public sealed record AuditPage(List<AuditEntryDto> Items, long? NextBefore);

/// <summary>One day (UTC) on the dashboard's charts.</summary>
public sealed record DashboardDay(DateOnly Day, int Messages, int ActiveUsers);

public sealed record DashboardTotals(int Users, int DeactivatedUsers, int Rooms, int Messages, int Files);

/// <summary>The dashboard: the last 30 days, oldest first, and the server now.</summary>
public sealed record DashboardDto(
    DateTime At, List<DashboardDay> Days, int ConnectionsNow, int OnlineNow, long StorageBytes, DashboardTotals Totals);
