using Parley.Events;
using Parley.Infrastructure.Data;

namespace Parley.Rooms;

/// <summary>
/// A room as the caller sees it. <see cref="Role"/> is the caller's role, or null when they are not a member
/// (a public or password room seen from outside). <see cref="LastMessage"/> is only filled for members.
/// </summary>
public sealed record RoomDto(
    long Id,
    string Name,
    string? Topic,
    RoomVisibility Visibility,
    int MemberCount,
    DateTime CreatedAt,
    MemberRole? Role,
    MessageDto? LastMessage);

public sealed record CreateRoomRequest(string? Name, string? Topic, RoomVisibility? Visibility, string? Password);

/// <summary>Only the fields present change. An empty topic clears it; a password applies to a password room.</summary>
public sealed record UpdateRoomRequest(string? Name, string? Topic, RoomVisibility? Visibility, string? Password);

public sealed record JoinRoomRequest(string? Password);

/// <summary>Join by name: a public room's name, or a password room's with its password.</summary>
public sealed record JoinRoomByNameRequest(string? Name, string? Password);

public sealed record ChangeRoleRequest(MemberRole? Role);

public sealed record CreateInviteRequest(int? ExpiresInHours, int? MaxUses);

public sealed record InviteDto(string Code, string Url, long RoomId, DateTime CreatedAt, DateTime? ExpiresAt, int? MaxUses, int Uses);

/// <summary>What someone holding an invite link sees before accepting it.</summary>
public sealed record InvitePreviewDto(string Code, long RoomId, string RoomName, string? Topic, int MemberCount, bool AlreadyMember);
