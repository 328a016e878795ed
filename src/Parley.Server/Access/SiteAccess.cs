using Microsoft.EntityFrameworkCore;
using Parley.Infrastructure;
using Parley.Infrastructure.Data;

namespace Parley.Access;

/// <summary>Proof that the caller is a server administrator, asked for by every admin endpoint and action.</summary>
public sealed record AdministratorGrant(long UserId);

/// <summary>
/// The only way in to the server's administration, beside <see cref="ConversationAccess"/> for conversations. It
/// reads the account on every call, unlike the membership cache: revoking someone's admin role or deactivating
/// them must take effect on their very next request, and administrators make few requests.
/// </summary>
public sealed class SiteAccess(ParleyDb db)
{
    public static readonly ApiError NotAnAdministrator = ApiError.Forbidden("not_an_administrator", "Only a server administrator can do this.");

    public async Task<Result<AdministratorGrant>> AdministratorAsync(long userId, CancellationToken cancellationToken = default)
    {
        var isAdmin = await db.Users.AnyAsync(u => u.Id == userId && u.IsAdmin && u.DeactivatedAt == null, cancellationToken);
        if (!isAdmin)
        {
            return NotAnAdministrator;
        }

        return new AdministratorGrant(userId);
    }
}
