namespace Parley.Accounts;

/// <summary>
/// What a feature does for every account as it is created (Rooms: join the default rooms). Registration calls each
/// one registered, after the account exists and before the answer, so the new account's first list already shows
/// what they did; Accounts knows nothing of the features above it.
/// </summary>
public interface INewAccountHandler
{
    Task AccountCreatedAsync(long userId, CancellationToken cancellationToken);
}
