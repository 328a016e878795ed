namespace Parley.Infrastructure;

/// <summary>
/// Most endpoints are bound by the build-time request delegate generator (it saves 0.3 s of start-up). An endpoint
/// with an optional number in its query string is bound at run time instead: the generator answers a malformed
/// one (?before=yesterday) with a bare 400, where run-time binding names the parameter in the problem details.
/// Handing the handler over as a plain <see cref="Delegate"/> is what keeps the generator away from it.
/// </summary>
public static class RuntimeBinding
{
    public static Delegate BoundAtRunTime(Delegate handler) => handler;
}
