namespace Parley.Accounts;

public static class AuthSchemes
{
    /// <summary>Chooses per request: a bearer token when one is sent, otherwise the browser cookie.</summary>
    public const string Default = "parley";
    public const string Cookie = "parley-cookie";
    public const string Token = "parley-token";
}
