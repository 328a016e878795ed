using Parley.Accounts;

namespace Parley.Conversations;

public sealed record MemberDto(UserSummary User, MemberRole Role, DateTime JoinedAt, bool Online);
