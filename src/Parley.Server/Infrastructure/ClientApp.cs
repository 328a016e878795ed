using Microsoft.Net.Http.Headers;

namespace Parley.Infrastructure;

public static class ClientApp
{
    public static WebApplicationBuilder AddClientApp(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<RouteOptions>(routes => routes.SetParameterPolicy<ClientRouteConstraint>(ClientRouteConstraint.Name));
        return builder;
    }

    /// <summary>Serves the built browser client from web/; its assets are content-hashed, so cached for a year.</summary>
    public static WebApplication UseClientApp(this WebApplication app)
    {
        app.UseDefaultFiles();
        app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = context =>
            {
                context.Context.Response.Headers.CacheControl = context.Context.Request.Path.StartsWithSegments("/assets")
                    ? "public, max-age=31536000, immutable"
                    : "no-cache";
            },
        });
        return app;
    }

    /// <summary>
    /// Sends index.html for the client's own routes (/rooms/12, /invite/abc). Server paths are left out on purpose:
    /// a request the API rejects (wrong method, wrong content type, unknown path) gets that honest answer, not the app.
    /// </summary>
    public static IEndpointRouteBuilder MapClientApp(this IEndpointRouteBuilder app)
    {
        app.MapFallbackToFile($"{{*path:{ClientRouteConstraint.Name}}}", "index.html", new StaticFileOptions
        {
            OnPrepareResponse = context => context.Context.Response.Headers[HeaderNames.CacheControl] = "no-cache",
        });
        return app;
    }

    private sealed class ClientRouteConstraint : IRouteConstraint
    {
        public const string Name = "clientroute";

        // The server's own addresses: a probe or scraper must get the server's answer (or a 404 when, say, metrics are
        // off), never the web app's page with 200.
        private static readonly string[] ServerPrefixes = ["api", "hubs", "openapi", "health", "ready", "metrics"];

        public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection)
        {
            var path = values[routeKey]?.ToString() ?? "";
            var first = path.Split('/', 2)[0];
            return !ServerPrefixes.Contains(first, StringComparer.OrdinalIgnoreCase) && !Path.HasExtension(path);
        }
    }
}
