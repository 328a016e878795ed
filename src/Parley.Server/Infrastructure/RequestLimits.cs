using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Parley.Infrastructure;

/// <summary>
/// How much one request may carry. Kestrel enforces the body cap as it reads, for every request, signed in or not,
/// so an oversized body is refused after its first bytes instead of being buffered whole by the JSON reader.
/// </summary>
public static class RequestLimits
{
    public static WebApplicationBuilder AddRequestLimits(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<KestrelServerOptions>()
            .Configure<IOptions<ParleyOptions>>((kestrel, parley) => kestrel.Limits.MaxRequestBodySize = parley.Value.MaxRequestBodyBytes);
        return builder;
    }

    /// <summary>413 request_too_large, naming the limit that applied to this request.</summary>
    public static ApiError RequestTooLarge(HttpContext http)
    {
        var limit = http.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize
            ?? http.RequestServices.GetRequiredService<IOptions<ParleyOptions>>().Value.MaxRequestBodyBytes;
        return new ApiError(StatusCodes.Status413PayloadTooLarge, "request_too_large",
            $"The request body is larger than the {Describe(limit)} this server accepts. Send less at once.");
    }

    private static string Describe(long bytes) => bytes % 1024 == 0
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024} KB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes");
}
