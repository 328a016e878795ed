using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.Extensions.Options;
using Parley.Infrastructure;
using Parley.Infrastructure.Data;

namespace Parley.Accounts;

/// <summary>Issues bearer access tokens: a new revocable session, and the framework's protected token naming it.</summary>
public sealed class AccessTokens(SessionStore sessions, IOptions<ParleyOptions> options, IOptionsMonitor<BearerTokenOptions> bearerOptions)
{
    public async Task<AccessTokenResponse> IssueAsync(User user, string? userAgent, string? ipAddress = null)
    {
        var session = await sessions.CreateAsync(user.Id, SessionKind.Token, options.Value.SignIn.AccessTokenLifetime, userAgent, ipAddress);
        var principal = CurrentUser.CreatePrincipal(user, session, AuthSchemes.Token);
        var ticket = new AuthenticationTicket(principal, new AuthenticationProperties { ExpiresUtc = session.ExpiresAt }, AuthSchemes.Token);
        return new AccessTokenResponse(bearerOptions.Get(AuthSchemes.Token).BearerTokenProtector.Protect(ticket), session.ExpiresAt);
    }
}
