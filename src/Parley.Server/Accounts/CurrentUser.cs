using System.Globalization;
using System.Security.Claims;
using Parley.Infrastructure.Data;

namespace Parley.Accounts;

public static class ParleyClaims
{
    public const string SessionId = "parley:sid";
    public const string DisplayName = "parley:display_name";
}

/// <summary>Reads who is asking from the authenticated principal (cookie, bearer token or hub connection alike).</summary>
public static class CurrentUser
{
    public static long GetUserId(this ClaimsPrincipal user) =>
        long.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("No signed-in user."), CultureInfo.InvariantCulture);

    public static Guid? GetSessionId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ParleyClaims.SessionId), out var id) ? id : null;

    public static ClaimsPrincipal CreatePrincipal(User user, UserSession session, string authenticationType) =>
        new(new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, user.Id.ToString(CultureInfo.InvariantCulture)),
                new Claim(ClaimTypes.Name, user.UserName!),
                new Claim(ParleyClaims.DisplayName, user.DisplayName),
                new Claim(ParleyClaims.SessionId, session.Id.ToString()),
            ],
            authenticationType));
}
