using Parley.Administration;

namespace Parley.Tests.Integration.Admin;

/// <summary>The admin console's calls for run-time settings and invite codes, and registration as the sign-up form sends it.</summary>
internal static class SettingsCalls
{
    public static Task<HttpResponseMessage> SaveSettingsAsync(this ApiClient admin, object update) => admin.PutAsync("/api/admin/settings", update);

    public static Task<ServerSettingsDto> SettingsAsync(this ApiClient admin) => ApiClient.ReadAsync<ServerSettingsDto>(admin.GetAsync("/api/admin/settings"));

    public static Task<ServerSettingsDto> SaveSettingsOkAsync(this ApiClient admin, object update) => ApiClient.ReadAsync<ServerSettingsDto>(admin.SaveSettingsAsync(update));

    public static Task<InviteCodeDto> CreateInviteCodeAsync(this ApiClient admin, int? maxUses = null, DateTime? expiresAt = null, string? note = null) =>
        ApiClient.ReadAsync<InviteCodeDto>(admin.PostAsync("/api/admin/invite-codes", new { maxUses, expiresAt, note }));

    public static Task<List<InviteCodeDto>> InviteCodesAsync(this ApiClient admin) => ApiClient.ReadAsync<List<InviteCodeDto>>(admin.GetAsync("/api/admin/invite-codes"));

    /// <summary>Registers as the web app does (antiforgery and all), with an invite code when given one; the raw answer.</summary>
    public static async Task<HttpResponseMessage> RegisterAsync(IParleyAddress server, string? inviteCode = null, string? username = null)
    {
        username ??= ApiClient.UniqueName("newcomer");
        using var browser = BrowserSession.Create(server);
        return await browser.PostAsync("/api/auth/register", new { username, email = $"{username}@example.com", password = $"pw-{Guid.NewGuid():N}", inviteCode });
    }
}
