using System.Net.Http.Json;
using Parley.Accounts;
using Parley.Tests.Integration.Files;
using static Parley.Tests.Integration.AccessMatrix.Expect;
using static Parley.Tests.Integration.AccessMatrix.MemberRoles;
using static Parley.Tests.Integration.AccessMatrix.Rule;

namespace Parley.Tests.Integration.AccessMatrix;

/// <summary>
/// One line of the table: an endpoint as the server names it ("METHOD pattern", from its EndpointDataSource), the
/// rule for who gets what, and how to call it. Route values ({id}, {messageId}, {code}, {userId}, {username}) are
/// filled from the cell's place.
/// </summary>
public sealed record Row(string Endpoint, Rule Rule)
{
    /// <summary>When one endpoint has several rows, what this one does.</summary>
    public string? Variant { get; init; }

    /// <summary>The method to send when the endpoint takes several ("*").</summary>
    public string? Method { get; init; }

    /// <summary>The path to send when it cannot be filled from the pattern.</summary>
    public string? Path { get; init; }

    /// <summary>A query string; route values in braces are filled too.</summary>
    public string Query { get; init; } = "";

    public Func<Cell, object?>? Body { get; init; }

    /// <summary>Whom {userId} and {username} name; the place's subject by default.</summary>
    public Func<Cell, ApiClient>? Subject { get; init; }

    /// <summary>
    /// Whose successful call changes what other cells would see (a room deleted, a member gone, a session ended):
    /// their cells get a fresh place, or a fresh session where there is no place.
    /// </summary>
    public IReadOnlyList<Role> ChangesStateAs { get; init; } = [];

    /// <summary>Signed out, it is sent as the web app sends it: with the antiforgery token and its cookie.</summary>
    public bool AsBrowser { get; init; }

    /// <summary>How a signed-in cell is carried out when it is not a plain HTTP request.</summary>
    public Func<Cell, Task<Observed>>? Call { get; init; }

    public string Name => Variant is null ? Endpoint : $"{Endpoint} ({Variant})";
}

/// <summary>A hub method: its rule, and the argument it takes for a place.</summary>
public sealed record HubRow(string Method, Rule Rule, Func<Place, object> Argument)
{
    public string Endpoint => $"hub {Method}";
}

/// <summary>
/// Who may call what, for every endpoint and hub method the server has (AccessMatrixTests fails for one without a
/// row). The rules are in <see cref="Rule"/>; a row names the rule and the role outcomes that differ.
/// </summary>
public static class EndpointTable
{
    // Before the tables: static initializers run in order.
    private static readonly Role[] AnyRole = Enum.GetValues<Role>();

    /// <summary>👍 as a URL carries it.</summary>
    private static readonly string ThumbsUp = Uri.EscapeDataString("👍");

    /// <summary>Joining again, or accepting an invite to a room one is in, changes nothing.</summary>
    private static readonly Role[] Newcomer = [Role.Outsider];

    public static IReadOnlyList<Row> Http { get; } =
    [
        // Deliberately public (AuthorizationTests keeps the list): the same for everyone, signed in or not.
        new("GET /api/auth/antiforgery", Anyone(Ok)),
        new("GET /api/auth/password-policy", Anyone(Ok)),
        new("POST /api/auth/register", Anyone(Created)) { Body = _ => NewAccount(), AsBrowser = true },
        new("POST /api/auth/login", Anyone(Ok)) { Body = OwnCredentials, AsBrowser = true },
        new("POST /api/auth/token", Anyone(Ok)) { Body = OwnCredentials },
        // Asked about any address, known or not, the answer is the same (PasswordResetTests); the stranger's is known.
        new("POST /api/auth/forgot-password", Anyone(Accepted)) { Body = cell => new { email = cell.Scene.Stranger.Me.Email }, AsBrowser = true },
        new("POST /api/auth/reset-password", Anyone(InvalidToken)) { Body = _ => new { token = "not-a-reset-token", newPassword = "a long enough passphrase" }, AsBrowser = true },
        new("GET /api/auth/email-verification", Anyone(Ok)),
        new("POST /api/auth/verify-email", Anyone(InvalidToken)) { Body = _ => new { token = "not-a-verification-token" }, AsBrowser = true },
        new("POST /api/auth/resend-verification", Anyone(Accepted)) { Body = cell => new { email = cell.Scene.Stranger.Me.Email }, AsBrowser = true },
        new("* /health", Anyone(Ok)) { Method = "GET" },
        new("* /ready", Anyone(Ok)) { Method = "GET" },
        new("* /metrics", Anyone(Ok)) { Method = "GET" },
        new("GET /openapi/{documentName}.json", Anyone(Ok)),
        new("GET,HEAD {*path:clientroute}", Anyone(Ok)) { Path = "/rooms/1" },

        // No conversation involved: anyone signed in, for themselves.
        new("GET /api/me", SignedIn(Ok)),
        new("POST /api/auth/logout", SignedIn(NoContent)) { ChangesStateAs = AnyRole },
        new("GET /api/me/settings", SignedIn(Ok)),
        // The caller's own password as the new one: the check of the current one passes, and nothing changes for the other cells.
        // The caller's own address as the new one: refused before any password check or mail.
        new("PUT /api/me/email", SignedIn(ValidationFailed)) { Body = cell => new { newEmail = (cell.Actor ?? cell.Scene.Stranger).Me.Email, password = "irrelevant" } },
        new("GET /api/me/delete", SignedIn(Ok)),
        new("POST /api/me/delete", SignedIn(ValidationFailed)) { Body = _ => new { password = (string?)null } },
        new("PUT /api/me/password", SignedIn(ValidationFailed)) { Body = cell => new { currentPassword = (cell.Actor ?? cell.Scene.Stranger).Password, newPassword = (cell.Actor ?? cell.Scene.Stranger).Password } },
        new("PATCH /api/me/settings", SignedIn(Ok)) { Body = _ => new { sendReadReceipts = true } },
        new("GET /api/me/blocks", SignedIn(Ok)),
        new("PATCH /api/me/profile", SignedIn(Ok)) { Body = _ => new { status = "In the matrix" } },
        new("PUT /api/me/avatar", SignedIn(Ok)) { Call = UploadOwnAvatarAsync },
        new("DELETE /api/me/avatar", SignedIn(Ok)),
        new("GET /api/me/sessions/", SignedIn(Ok)),
        new("GET /api/me/export", SignedIn(Ok)),
        new("DELETE /api/me/sessions/{id:guid}", SignedIn(SessionNotFound)) { Variant = "a session that is not the caller's", Path = $"/api/me/sessions/{Guid.NewGuid()}" },
        new("POST /api/me/sessions/revoke-others", SignedIn(Ok)) { Call = RevokeOthersAsANewcomerAsync },
        new("GET /api/users/{id:long}/avatar/{version:int}", SignedIn(Ok)) { Variant = "someone sharing nothing with the caller", Path = "/api/users/{userId}/avatar/1", Subject = c => c.Scene.Stranger, Call = ReadStrangersAvatarAsync },
        new("GET /api/users/{username}/profile", SignedIn(Ok)) { Variant = "someone sharing nothing with the caller", Subject = c => c.Scene.Stranger },
        new("PUT /api/users/{username}/block", SignedIn(NoContent)) { Subject = c => c.Scene.Blockee },
        new("DELETE /api/users/{username}/block", SignedIn(NoContent)) { Subject = c => c.Scene.Blockee },
        new("GET /api/users", SignedIn(Ok)) { Query = "?q=a" },
        new("POST /api/dms", SignedIn(Ok)) { Body = c => new { usernames = new[] { c.Scene.Stranger.Username } } },
        new("GET /api/rooms/", SignedIn(Ok)),
        new("GET /api/rooms/public", SignedIn(Ok)),
        new("POST /api/rooms/", SignedIn(Created)) { Body = _ => new { name = ApiClient.UniqueName("matrix"), visibility = "public" } },
        new("GET /api/conversations/", SignedIn(Ok)),
        new("GET /api/search", SignedIn(Ok)) { Variant = "everywhere", Query = "?q=matrix" },
        new("GET /api/gifs/config", SignedIn(Ok)),
        // The shared server has no GIF provider: signed in, the answer is that GIFs are off (GifTests cover them on).
        new("GET /api/gifs/trending", SignedIn(GifsDisabled)),
        new("GET /api/gifs/search", SignedIn(GifsDisabled)) { Query = "?q=cat" },

        // Rooms: seen from outside to preview and join them; inside, what the role allows (RoomRules).
        new("GET /api/rooms/{id:long}", Room(All(Ok), publicOutsider: Ok, passwordOutsider: Ok)),
        new("POST /api/rooms/{id:long}/join", Room(All(Ok), publicOutsider: Ok, passwordOutsider: PasswordRequired)) { Variant = "no password", ChangesStateAs = Newcomer },
        new("POST /api/rooms/{id:long}/join", Room(All(Ok), publicOutsider: Ok, passwordOutsider: Ok)) { Variant = "with the password", Body = _ => new { password = AccessScene.RoomPassword }, ChangesStateAs = Newcomer },
        new("POST /api/rooms/join", ByName(passwordOutsider: PasswordRequired)) { Variant = "no password", Body = c => new { name = c.Place!.Name }, ChangesStateAs = Newcomer },
        new("POST /api/rooms/join", ByName(passwordOutsider: Ok)) { Variant = "with the password", Body = c => new { name = "#" + c.Place!.Name, password = AccessScene.RoomPassword }, ChangesStateAs = Newcomer },
        new("PATCH /api/rooms/{id:long}", Room(OwnerAndAdmins(Ok, otherwise: InsufficientRole))) { Variant = "topic", Body = _ => new { topic = "Who may do what" } },
        new("PATCH /api/rooms/{id:long}", Room(OwnerOnly(Ok, otherwise: InsufficientRole))) { Variant = "who may join", Body = c => new { visibility = c.Place!.Visibility } },
        new("DELETE /api/rooms/{id:long}", Room(OwnerOnly(NoContent, otherwise: InsufficientRole))) { ChangesStateAs = AnyRole },
        new("POST /api/rooms/{id:long}/leave", Room(new(Owner: OwnerCannotLeave, Admin: NoContent, Member: NoContent))) { ChangesStateAs = AnyRole },
        new("GET /api/rooms/{id:long}/members", Room(All(Ok))),
        new("DELETE /api/rooms/{id:long}/members/{userId:long}", Room(OwnerAndAdmins(NoContent, otherwise: InsufficientRole))) { Variant = "a plain member", ChangesStateAs = AnyRole },
        new("DELETE /api/rooms/{id:long}/members/{userId:long}", Room(new(Owner: CannotRemoveSelf, Admin: InsufficientRole, Member: InsufficientRole))) { Variant = "the owner", Subject = c => c.Scene.Owner },
        new("PUT /api/rooms/{id:long}/members/{userId:long}/role", Room(OwnerOnly(Ok, otherwise: InsufficientRole))) { Body = _ => new { role = "admin" }, ChangesStateAs = AnyRole },
        new("GET /api/rooms/{id:long}/invites", Room(OwnerAndAdmins(Ok, otherwise: InsufficientRole))),
        new("POST /api/rooms/{id:long}/invites", Room(OwnerAndAdmins(Ok, otherwise: InsufficientRole))),
        new("DELETE /api/rooms/{id:long}/invites/{code}", Room(OwnerAndAdmins(NoContent, otherwise: InsufficientRole))) { ChangesStateAs = AnyRole },
        new("GET /api/rooms/{id:long}/messages", Room(All(Ok))),
        new("GET /api/rooms/{id:long}/messages/{messageId:long}/around", Room(All(Ok))),
        new("GET /api/rooms/{id:long}/messages/changes", Room(All(Ok))) { Query = "?after=0" },

        // Invite links: a key to one room, even a private one.
        new("GET /api/invites/{code}", Invitation(Ok)),
        new("POST /api/invites/{code}/accept", Invitation(Ok)) { ChangesStateAs = Newcomer },

        // Any conversation, room or direct, for its members.
        new("GET /api/conversations/{id:long}", Conversation(Ok)),
        new("POST /api/conversations/{id:long}/read", Conversation(Ok)) { Body = c => new { messageId = c.Place!.MessageId } },
        new("POST /api/conversations/{id:long}/clear", Conversation(Ok)) { ChangesStateAs = AnyRole },
        new("PUT /api/conversations/{id:long}/mute", Conversation(Ok)) { Body = _ => new { muted = true } },
        new("PUT /api/conversations/{id:long}/pin", Conversation(Ok)) { Body = _ => new { pinned = true } },
        new("PUT /api/conversations/{id:long}/hidden", Conversation(Ok)) { Body = _ => new { hidden = true } },
        new("GET /api/conversations/{id:long}/messages", Conversation(Ok)),
        new("GET /api/conversations/{id:long}/messages/{messageId:long}/around", Conversation(Ok)),
        new("GET /api/conversations/{id:long}/messages/{messageId:long}/seen-by", Conversation(Ok)),
        new("GET /api/conversations/{id:long}/messages/changes", Conversation(Ok)) { Query = "?after=0" },

        // A room's place message is a notice (nobody's to edit or delete); a direct conversation's is the member's own.
        new("PATCH /api/conversations/{id:long}/messages/{messageId:long}", Conversation(All(NoticeNotEditable), direct: Ok)) { Body = _ => new { text = "matrix, edited" } },
        new("DELETE /api/conversations/{id:long}/messages/{messageId:long}", Conversation(All(NoticeNotDeletable), direct: NoContent)) { ChangesStateAs = [Role.Member] },
        new("PUT /api/conversations/{id:long}/messages/{messageId:long}/reactions/{emoji}", Conversation(Ok)) { Path = $"/api/conversations/{{id}}/messages/{{messageId}}/reactions/{ThumbsUp}" },
        new("DELETE /api/conversations/{id:long}/messages/{messageId:long}/reactions/{emoji}", Conversation(Ok)) { Path = $"/api/conversations/{{id}}/messages/{{messageId}}/reactions/{ThumbsUp}" },
        new("GET /api/conversations/{id:long}/pins", Conversation(Ok)),
        new("PUT /api/conversations/{id:long}/pins/{messageId:long}", Conversation(OwnerAndAdmins(Ok, otherwise: InsufficientRole), direct: Ok)),
        new("DELETE /api/conversations/{id:long}/pins/{messageId:long}", Conversation(OwnerAndAdmins(NoContent, otherwise: InsufficientRole), direct: NoContent)),
        new("GET /api/search", Conversation(Ok)) { Variant = "in one conversation", Query = "?q=matrix&conversationId={id}" },

        // Files: uploads go where one may write; a file is for its conversation's members, an unsent upload for its uploader.
        new("POST /api/conversations/{id:long}/files", Conversation(Created)) { Query = "?name=matrix.txt", Body = _ => new { matrix = "a text file" } },
        new("GET /api/files/usage", SignedIn(Ok)),
        new("GET /api/files/{id}", File(All(Ok), direct: Ok)) { Path = "/api/files/{fileId}" },
        new("GET /api/files/{id}/thumbnail", File(All(Ok), direct: Ok)) { Path = "/api/files/{fileId}/thumbnail" },
        new("DELETE /api/files/{id}", File(new(Owner: FileAlreadySent, Admin: FileNotFound, Member: FileNotFound), direct: FileAlreadySent)) { Variant = "a sent file", Path = "/api/files/{fileId}" },
        new("DELETE /api/files/{id}", File(All(FileNotFound), direct: FileNotFound)) { Variant = "someone else's unsent upload", Path = "/api/files/{foreignUploadId}" },
        new("DELETE /api/files/{id}", Conversation(NoContent)) { Variant = "one's own upload, just made here", Call = UploadAndCancelAsync },

        // Passkeys (PasskeysTests go through whole ceremonies): signing in with one is for anyone, managing them for oneself.
        new("POST /api/auth/passkey/request-options", Anyone(Ok)) { AsBrowser = true },
        new("POST /api/auth/passkey/sign-in", Anyone(new(400, "passkey_failed"))) { Variant = "a ceremony that was never started", Body = _ => new { ceremonyId = new string('a', 43), credential = new { id = "AAAA" } }, AsBrowser = true },
        new("POST /api/me/passkeys/creation-options", SignedIn(Ok)) { Body = cell => new { currentPassword = (cell.Actor ?? cell.Scene.Stranger).Password } },
        new("POST /api/me/passkeys/", SignedIn(new(400, "passkey_failed"))) { Variant = "a ceremony that was never started", Body = _ => new { ceremonyId = new string('a', 43), credential = new { id = "AAAA" } } },
        new("GET /api/me/passkeys/", SignedIn(Ok)),
        new("PATCH /api/me/passkeys/{id}", SignedIn(new(404, "passkey_not_found"))) { Variant = "a passkey that is not the caller's", Path = "/api/me/passkeys/AAAA", Body = _ => new { name = "Matrix" } },
        new("DELETE /api/me/passkeys/{id}", SignedIn(new(404, "passkey_not_found"))) { Variant = "a passkey that is not the caller's", Path = "/api/me/passkeys/AAAA" },

        // Moderation: reports, bans, timeouts. A room's place message is a notice (not reportable); a direct
        // conversation's is the member's own (not theirs to report). Bans and timeouts follow the rules for removing.
        new("POST /api/conversations/{id:long}/messages/{messageId:long}/report", Conversation(All(new(400, "notice_not_reportable")), direct: new(400, "cannot_report_own_message"))) { Body = _ => new { category = "spam" } },
        new("GET /api/reports/", SignedIn(Ok)),
        // A report the caller may not handle answers as one that does not exist, for everyone (ReportTests: who may handle which).
        new("POST /api/reports/{reportId:long}/resolve", SignedIn(new(404, "report_not_found"))) { Variant = "a report that is not the caller's", Path = $"/api/reports/{AccessScene.MissingId}/resolve" },
        new("POST /api/reports/{reportId:long}/dismiss", SignedIn(new(404, "report_not_found"))) { Variant = "a report that is not the caller's", Path = $"/api/reports/{AccessScene.MissingId}/dismiss" },
        new("POST /api/reports/{reportId:long}/delete-message", SignedIn(new(404, "report_not_found"))) { Variant = "a report that is not the caller's", Path = $"/api/reports/{AccessScene.MissingId}/delete-message" },
        new("GET /api/rooms/{id:long}/bans", Room(OwnerAndAdmins(Ok, otherwise: InsufficientRole))),
        new("POST /api/rooms/{id:long}/bans", Room(OwnerAndAdmins(Ok, otherwise: InsufficientRole))) { Variant = "a plain member", Body = c => new { userId = c.Place!.Subject.Id }, ChangesStateAs = AnyRole },
        new("POST /api/rooms/{id:long}/bans", Room(new(Owner: new(400, "cannot_moderate_self"), Admin: InsufficientRole, Member: InsufficientRole))) { Variant = "the owner", Body = c => new { userId = c.Scene.Owner.Id } },
        new("DELETE /api/rooms/{id:long}/bans/{userId:long}", Room(OwnerAndAdmins(new(404, "ban_not_found"), otherwise: InsufficientRole))) { Variant = "someone not banned" },
        new("PUT /api/rooms/{id:long}/members/{userId:long}/timeout", Room(OwnerAndAdmins(Ok, otherwise: InsufficientRole))) { Variant = "a plain member", Body = _ => new { minutes = 5 }, ChangesStateAs = [Role.Owner, Role.Admin] },
        new("PUT /api/rooms/{id:long}/members/{userId:long}/timeout", Room(new(Owner: new(400, "cannot_moderate_self"), Admin: InsufficientRole, Member: InsufficientRole))) { Variant = "the owner", Body = _ => new { minutes = 5 }, Subject = c => c.Scene.Owner },
        new("DELETE /api/rooms/{id:long}/members/{userId:long}/timeout", Room(OwnerAndAdmins(Ok, otherwise: InsufficientRole))),

        // The hub's own endpoints: signed in only. What a connection may do is in Hub below.
        new("* /hubs/chat/negotiate", SignedIn(Ok)) { Method = "POST", Query = "?negotiateVersion=1" },
        new("* /hubs/chat", SignedIn(Connects)) { Method = "GET", Call = ConnectAsync },

        // Two-factor sign-in and personal access tokens (issue 13, "twofactor" part). No scene account has two-factor on.
        new("POST /api/auth/login/two-factor", Anyone(new Outcome(401, "two_factor_ticket_invalid"))) { Body = _ => new { ticket = "not-a-ticket", code = "123456" }, AsBrowser = true },
        new("GET /api/me/two-factor/", SignedIn(Ok)),
        new("POST /api/me/two-factor/setup", SignedIn(Ok)) { Body = cell => new { password = (cell.Actor ?? cell.Scene.Stranger).Password } },
        new("POST /api/me/two-factor/enable", SignedIn(ValidationFailed)) { Body = _ => new { code = "" } },
        new("POST /api/me/two-factor/disable", SignedIn(new Outcome(409, "two_factor_not_enabled"))) { Body = _ => new { password = "irrelevant" } },
        new("POST /api/me/two-factor/recovery-codes", SignedIn(new Outcome(409, "two_factor_not_enabled"))) { Body = _ => new { code = "123456" } },
        new("GET /api/me/tokens/", SignedIn(Ok)),
        new("POST /api/me/tokens/", SignedIn(Created)) { Body = cell => new { name = "matrix", expiresInDays = 1, password = (cell.Actor ?? cell.Scene.Stranger).Password } },
        new("DELETE /api/me/tokens/{id:guid}", SignedIn(new Outcome(404, "personal_token_not_found"))) { Variant = "a token that is not the caller's", Path = $"/api/me/tokens/{Guid.NewGuid()}" },

        // The admin console (console helper): administrators only. Actions that end a person's sessions or remove a
        // room act on someone or something made for the cell, so the scene's people and places live on.
        new("GET /api/admin/dashboard", SiteAdministrators(Ok)),
        new("GET /api/admin/users", SiteAdministrators(Ok)) { Query = "?q=a&limit=5" },
        new("GET /api/admin/users/{userId:long}", SiteAdministrators(Ok)) { Subject = c => c.Scene.Stranger },
        new("POST /api/admin/users/{userId:long}/deactivate", SiteAdministrators(Ok)) { Path = "/api/admin/users/0/deactivate", Call = c => OnNewcomerAsync(c, id => c.Actor!.PostAsync($"/api/admin/users/{id}/deactivate")) },
        // The stranger is active: reactivating changes nothing.
        new("POST /api/admin/users/{userId:long}/reactivate", SiteAdministrators(Ok)) { Subject = c => c.Scene.Stranger },
        new("POST /api/admin/users/{userId:long}/reset-password", SiteAdministrators(Ok)) { Path = "/api/admin/users/0/reset-password", Call = c => OnNewcomerAsync(c, id => c.Actor!.PostAsync($"/api/admin/users/{id}/reset-password")) },
        new("POST /api/admin/users/{userId:long}/sign-out", SiteAdministrators(Ok)) { Path = "/api/admin/users/0/sign-out", Call = c => OnNewcomerAsync(c, id => c.Actor!.PostAsync($"/api/admin/users/{id}/sign-out")) },
        // The stranger is no administrator: revoking changes nothing.
        new("PUT /api/admin/users/{userId:long}/admin", SiteAdministrators(Ok)) { Subject = c => c.Scene.Stranger, Body = _ => new { isAdmin = false } },
        new("GET /api/admin/rooms", SiteAdministrators(Ok)),
        new("GET /api/admin/rooms/{id:long}/members", SiteAdministrators(Ok)) { Variant = "a private room", Path = "/api/admin/rooms/0/members", Call = c => ObserveAsync(c.Actor!.GetAsync($"/api/admin/rooms/{c.Scene.PlaceOf(Target.Private).Id}/members")) },
        new("DELETE /api/admin/rooms/{id:long}", SiteAdministrators(NoContent)) { Path = "/api/admin/rooms/0", Call = c => OnNewRoomAsync(c, (room, _) => c.Actor!.DeleteAsync($"/api/admin/rooms/{room}")) },
        new("PUT /api/admin/rooms/{id:long}/owner", SiteAdministrators(Ok)) { Path = "/api/admin/rooms/0/owner", Body = _ => new { userId = 0 }, Call = c => OnNewRoomAsync(c, (room, member) => c.Actor!.PutAsync($"/api/admin/rooms/{room}/owner", new { userId = member })) },
        new("GET /api/admin/audit", SiteAdministrators(Ok)) { Query = "?action=signin.failed&limit=5" },
        new("GET /api/admin/audit/actions", SiteAdministrators(Ok)),

        // Run-time server settings and invite codes (settings part). Saving nothing changes nothing for the other cells;
        // the test mail goes to the caller's own address (the shared server writes it to its outbox).
        new("GET /api/auth/registration", Anyone(Ok)),
        new("GET /api/admin/settings/", SiteAdministrators(Ok)),
        new("PUT /api/admin/settings/", SiteAdministrators(Ok)) { Body = _ => new { } },
        new("POST /api/admin/settings/test-mail", SiteAdministrators(Ok)),
        new("GET /api/admin/invite-codes/", SiteAdministrators(Ok)),
        new("POST /api/admin/invite-codes/", SiteAdministrators(Created)) { Body = _ => new { note = "matrix", maxUses = 1 } },
        new("DELETE /api/admin/invite-codes/{id:long}", SiteAdministrators(new(404, "invite_code_not_found"))) { Variant = "a code that does not exist", Path = "/api/admin/invite-codes/999999999" },
    ];

    public static IReadOnlyList<HubRow> Hub { get; } =
    [
        new("SendMessage", Conversation(Ok), place => new { roomId = place.Id, text = "matrix", clientMessageId = Guid.NewGuid().ToString("N") }),
        // Someone else's upload cannot be sent by anyone but its uploader, even by a member who can see the conversation.
        new("SendMessage", Conversation(ValidationFailed), place => new { roomId = place.Id, text = "matrix", attachmentIds = new[] { place.ForeignUploadId } }),
        new("Typing", Conversation(Ok), place => new { roomId = place.Id }),
        new("MarkRead", Conversation(Ok), place => new { conversationId = place.Id, messageId = place.MessageId }),
    ];

    /// <summary>
    /// Joining by name (POST /api/rooms/join) finds public and password rooms only: a private room's name and a direct
    /// conversation answer as a name no room has, to their members too, so that no answer tells a private room exists.
    /// </summary>
    private static Rule ByName(Outcome passwordOutsider) => new([Target.Public, Target.Private, Target.Password, Target.Direct], (role, target) => (role, target) switch
    {
        (Role.Anonymous, _) => SignedOut,
        (Role.Admin or Role.Owner, Target.Direct) => NotApplicable("a direct conversation has members only: no owner, no admins"),
        (_, Target.Private or Target.Direct) => RoomNotFound,
        (Role.Outsider, Target.Password) => passwordOutsider,
        _ => Ok,
    });

    private static object NewAccount()
    {
        var username = ApiClient.UniqueName("matrix");
        return new { username, email = $"{username}@example.com", password = $"pw-{Guid.NewGuid():N}" };
    }

    /// <summary>The caller's own username and password; signed out, someone's who is not in the scene's places.</summary>
    private static object OwnCredentials(Cell cell)
    {
        var person = cell.Actor ?? cell.Scene.Stranger;
        return new { username = person.Username, password = person.Password };
    }

    private static async Task<Observed> UploadOwnAvatarAsync(Cell cell)
    {
        using var response = await PutAvatarAsync(cell.Actor!);
        return new Observed((int)response.StatusCode);
    }

    /// <summary>A picture is for anyone signed in to see, like the name beside it: the stranger's, read by each role.</summary>
    private static async Task<Observed> ReadStrangersAvatarAsync(Cell cell)
    {
        var stranger = cell.Scene.Stranger;
        var url = (await ApiClient.ReadAsync<MeDto>(stranger.GetAsync("/api/me"))).AvatarUrl;
        if (url is null)
        {
            using var uploaded = await PutAvatarAsync(stranger);
            url = (await uploaded.Content.ReadFromJsonAsync<MeDto>(Json.Options))!.AvatarUrl!;
        }

        using var response = await cell.Actor!.GetAsync(url);
        return new Observed((int)response.StatusCode);
    }

    /// <summary>
    /// Signing out everywhere else would end the scene's own sessions of the actor, which other cells use: the call is
    /// made by someone new, signed in like the actor, instead.
    /// </summary>
    private static async Task<Observed> RevokeOthersAsANewcomerAsync(Cell cell)
    {
        using var newcomer = await ApiClient.RegisterAsync(cell.Scene.Server, ApiClient.UniqueName("revoker"));
        using var response = await newcomer.PostAsync("/api/me/sessions/revoke-others");
        return new Observed((int)response.StatusCode);
    }

    /// <summary>An admin action on someone registered for the cell (console helper's rows).</summary>
    private static async Task<Observed> OnNewcomerAsync(Cell cell, Func<long, Task<HttpResponseMessage>> call)
    {
        using var newcomer = await ApiClient.RegisterAsync(cell.Scene.Server, ApiClient.UniqueName("subject"));
        return await ObserveAsync(call(newcomer.Id));
    }

    /// <summary>An admin action on a room the stranger makes for the cell, with a member beside its owner (console helper's rows).</summary>
    private static async Task<Observed> OnNewRoomAsync(Cell cell, Func<long, long, Task<HttpResponseMessage>> call)
    {
        var stranger = cell.Scene.Stranger;
        var room = await stranger.CreateRoomAsync("public", name: ApiClient.UniqueName("adminroom"));
        using var member = await ApiClient.RegisterAsync(cell.Scene.Server, ApiClient.UniqueName("member"));
        await member.JoinAsync(room.Id);
        return await ObserveAsync(call(room.Id, member.Id));
    }

    private static async Task<Observed> ObserveAsync(Task<HttpResponseMessage> request)
    {
        using var response = await request;
        return await ObserveAsync(response);
    }

    private static Task<HttpResponseMessage> PutAvatarAsync(ApiClient person) =>
        person.Http.PutAsync("/api/me/avatar", new ByteArrayContent(PngImage.Solid(32, 32, 40, 120, 200)));
    /// <summary>Uploads a file as the actor into the place, then takes it back; a refused upload is the answer.</summary>
    private static async Task<Observed> UploadAndCancelAsync(Cell cell)
    {
        var actor = cell.Actor!;
        using var upload = await actor.UploadAsync(cell.Place!.Id, FileCalls.Text(), "cancel-me.txt");
        if (!upload.IsSuccessStatusCode)
        {
            return await ObserveAsync(upload);
        }

        var uploaded = await upload.Content.ReadFromJsonAsync<AttachmentDto>(Json.Options);
        using var cancel = await actor.DeleteAsync($"/api/files/{uploaded!.Id}");
        return await ObserveAsync(cancel);
    }

    private static async Task<Observed> ObserveAsync(HttpResponseMessage response)
    {
        if ((int)response.StatusCode < 400)
        {
            return new Observed((int)response.StatusCode);
        }

        var problem = await response.ReadProblemAsync();
        return new Observed(problem.Status, problem.Code, problem.Detail);
    }

    private static async Task<Observed> ConnectAsync(Cell cell)
    {
        await using var hub = await cell.Actor!.ConnectHubAsync();
        return new Observed(Connects.Status);
    }
}
