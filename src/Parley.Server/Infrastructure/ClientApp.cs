using Microsoft.Net.Http.Headers;

namespace Parley.Infrastructure;

public static class ClientApp
{
    /// <summary>
    /// Serves the built browser client from web/ (assets are content-hashed, so cached for a year) and sends
    /// index.html for the client's own routes such as /rooms/12 or /invite/abc. Unknown /api paths stay 404.
    /// </summary>
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

    public static IEndpointRouteBuilder MapClientApp(this IEndpointRouteBuilder app)
    {
        app.Map("/api/{**path}", () => ApiError.NotFound("no_such_endpoint", "There is no API endpoint at this address. See /openapi/v1.json.").ToProblem())
            .ExcludeFromDescription();
        app.MapFallbackToFile("index.html", new StaticFileOptions
        {
            OnPrepareResponse = context => context.Context.Response.Headers[HeaderNames.CacheControl] = "no-cache",
        });
        return app;
    }
}
