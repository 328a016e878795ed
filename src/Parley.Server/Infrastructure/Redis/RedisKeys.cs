namespace Parley.Infrastructure.Redis;

/// <summary>Every key and channel Parley uses in Redis starts with one prefix, so it can share a Redis with others.</summary>
public static class RedisKeys
{
    public const string Prefix = "parley:";

    public static string Of(params string[] parts) => Prefix + string.Join(':', parts);
}
