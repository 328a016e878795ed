using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace Parley.Infrastructure;

/// <summary>
/// Every error leaves as RFC 7807 problem details with a stable "code": unreadable JSON becomes a field error
/// naming the field, a database outage a 503 to retry, an unexpected exception a 500 that says nothing was lost if
/// nothing was.
/// </summary>
public static partial class ErrorHandling
{
    public static WebApplicationBuilder AddErrorHandling(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            if (context.ProblemDetails.Status == StatusCodes.Status404NotFound && context.HttpContext.GetEndpoint() is null)
            {
                context.ProblemDetails.Detail ??= "There is no API endpoint at this address. See /openapi/v1.json for the ones there are.";
                context.ProblemDetails.Extensions.TryAdd("code", "no_such_endpoint");
            }

            // Kestrel refuses an oversized body while the endpoint reads it; the endpoint then answers a bare 413.
            if (context.ProblemDetails.Status == StatusCodes.Status413PayloadTooLarge)
            {
                var tooLarge = RequestLimits.RequestTooLarge(context.HttpContext);
                context.ProblemDetails.Detail ??= tooLarge.Detail;
                context.ProblemDetails.Extensions.TryAdd("code", tooLarge.Code);
            }

            // A refusal that knows when to retry says so in the header clients and proxies look for.
            if (context.ProblemDetails.Extensions.TryGetValue(ApiError.RetryAfterExtension, out var seconds) && seconds is int wait)
            {
                context.HttpContext.Response.Headers.RetryAfter = wait.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            context.ProblemDetails.Extensions.TryAdd("code", CodeFor(context.ProblemDetails.Status));
            context.ProblemDetails.Extensions["traceId"] = context.HttpContext.TraceIdentifier;
        });
        builder.Services.AddExceptionHandler<KnownFailureHandler>();
        // Bad input reaches the exception handler, which names the broken field (instead of a bare 400).
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        return builder;
    }

    public static WebApplication UseErrorHandling(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }

    private static string CodeFor(int? status) => status switch
    {
        400 => "bad_request",
        401 => "not_signed_in",
        403 => "forbidden",
        404 => "not_found",
        405 => "method_not_allowed",
        413 => "request_too_large",
        415 => "unsupported_media_type",
        429 => "rate_limited",
        _ => "server_error",
    };

    private sealed partial class KnownFailureHandler(ILogger<KnownFailureHandler> logger) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
        {
            ApiError error;
            if (DatabaseOutage.IsOutage(exception))
            {
                LogDatabaseUnavailable(http.Request.Method, http.Request.Path, exception.GetBaseException().Message);
                error = DatabaseOutage.Error("The request");
            }
            else if (exception is Observability.ServerStoppingException)
            {
                error = Observability.ShutdownState.Refusal("The request");
            }
            else if (exception is BadHttpRequestException badRequest)
            {
                error = FromBadRequest(http, badRequest);
            }
            else
            {
                LogUnhandled(exception, http.Request.Method, http.Request.Path);
                return false;
            }

            http.Response.StatusCode = error.Status;
            await error.ToProblem().ExecuteAsync(http);
            return true;
        }

        private static ApiError FromBadRequest(HttpContext http, BadHttpRequestException badRequest)
        {
            // Syntax errors arrive wrapping the reader's own JsonException; a value of the wrong type does not.
            if (badRequest.InnerException is JsonException { InnerException: null, Path: { Length: > 2 } path })
            {
                var field = path.TrimStart('$', '.');
                return ApiError.Validation(new ValidationErrors().Add(field, $"This value is not valid for {field}."), $"The request body has an invalid value at {field}.");
            }

            if (badRequest.InnerException is JsonException)
            {
                return ApiError.BadRequest("invalid_json", "The request body is not valid JSON.");
            }

            return badRequest.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? RequestLimits.RequestTooLarge(http)
                : new ApiError(badRequest.StatusCode, "bad_request", badRequest.Message);
        }

        [LoggerMessage(LogLevel.Warning, "{Method} {Path} answered 503: the database cannot be reached ({Reason})")]
        private partial void LogDatabaseUnavailable(string method, string path, string reason);

        [LoggerMessage(LogLevel.Error, "Unhandled exception on {Method} {Path}")]
        private partial void LogUnhandled(Exception ex, string method, string path);
    }
}
