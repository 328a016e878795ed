namespace Parley.Audit;

/// <summary>
/// Every kind of line the audit log has, in one place so the console can offer them as filters. Names are
/// "subject.what_happened"; they are stored, so one is never renamed.
/// </summary>
public static class AuditActions
{
    // Accounts and sign-in.
    public const string AccountRegistered = "account.registered";
    public const string AccountDeleted = "account.deleted";
    public const string SignInSucceeded = "signin.succeeded";
    public const string SignInFailed = "signin.failed";
    public const string SignInLockedOut = "signin.locked_out";
    public const string SessionsRevoked = "session.revoked";
    public const string AccessTokenIssued = "token.issued";
    public const string PasswordChanged = "password.changed";
    public const string PasswordResetRequested = "password.reset_requested";
    public const string PasswordReset = "password.reset";
    public const string EmailChangeRequested = "email.change_requested";
    public const string EmailChanged = "email.changed";
    public const string EmailVerified = "email.verified";
    public const string DataExported = "data.exported";

    // Two-factor sign-in, personal access tokens and passkeys.
    public const string TwoFactorEnabled = "twofactor.enabled";
    public const string TwoFactorDisabled = "twofactor.disabled";
    public const string TwoFactorFailed = "twofactor.failed";
    public const string RecoveryCodesGenerated = "twofactor.recovery_codes_generated";
    public const string RecoveryCodeUsed = "twofactor.recovery_code_used";
    public const string PersonalTokenCreated = "pat.created";
    public const string PersonalTokenRevoked = "pat.revoked";
    public const string PasskeyAdded = "passkey.added";
    public const string PasskeyRemoved = "passkey.removed";

    // Site administration.
    public const string AdminGranted = "admin.granted";
    public const string AdminRevoked = "admin.revoked";
    public const string UserDeactivated = "user.deactivated";
    public const string UserReactivated = "user.reactivated";
    public const string UserPasswordResetForced = "user.password_reset_forced";
    public const string UserSignedOutEverywhere = "user.signed_out_everywhere";
    public const string RoomDeleted = "room.deleted";
    public const string RoomOwnershipTransferred = "room.ownership_transferred";
    public const string SettingChanged = "setting.changed";
    public const string InviteCodeCreated = "invite_code.created";
    public const string InviteCodeRevoked = "invite_code.revoked";
    public const string TestMailSent = "mail.test_sent";

    // Moderation.
    public const string MessageReported = "message.reported";
    public const string ReportResolved = "report.resolved";
    public const string ReportDismissed = "report.dismissed";
    public const string MessageDeletedByModerator = "message.deleted_by_moderator";
    public const string MemberRemoved = "member.removed";
    public const string MemberBanned = "member.banned";
    public const string MemberUnbanned = "member.unbanned";
    public const string MemberTimedOut = "member.timed_out";
    public const string MemberTimeoutLifted = "member.timeout_lifted";

    /// <summary>Every action, for the console's filter and to refuse a filter that names none.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        .. typeof(AuditActions).GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .Order(StringComparer.Ordinal),
    ];
}
