using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.SignalR;

namespace Parley.Infrastructure;

/// <summary>
/// A failure a caller can act on: an HTTP status, a stable machine-readable code (clients branch on it, never on
/// the text) and a sentence for people. HTTP turns it into RFC 7807 problem details, the hub into a HubException.
/// </summary>
public sealed record ApiError(int Status, string Code, string Detail, IReadOnlyDictionary<string, string[]>? Errors = null)
{
    /// <summary>The problem details member that says, in whole seconds, when trying again can succeed.</summary>
    public const string RetryAfterExtension = "retryAfter";

    /// <summary>For 429: how long until trying again can succeed (HTTP sends it as Retry-After).</summary>
    public TimeSpan? RetryAfter { get; init; }

    public static ApiError Validation(ValidationErrors errors, string detail = "Some fields need attention.") =>
        new(StatusCodes.Status400BadRequest, "validation_failed", detail, errors.ToDictionary());

    public static ApiError BadRequest(string code, string detail) => new(StatusCodes.Status400BadRequest, code, detail);

    public static ApiError Unauthorized(string code, string detail) => new(StatusCodes.Status401Unauthorized, code, detail);

    public static ApiError Forbidden(string code, string detail) => new(StatusCodes.Status403Forbidden, code, detail);

    public static ApiError NotFound(string code, string detail) => new(StatusCodes.Status404NotFound, code, detail);

    public static ApiError Conflict(string code, string detail) => new(StatusCodes.Status409Conflict, code, detail);

    public static ApiError TooManyRequests(string code, string detail) => new(StatusCodes.Status429TooManyRequests, code, detail);

    public ProblemHttpResult ToProblem()
    {
        ProblemDetails problem = Errors is null
            ? new ProblemDetails()
            : new HttpValidationProblemDetails(Errors.ToDictionary(e => e.Key, e => e.Value));
        problem.Status = Status;
        problem.Title = ProblemTitles.For(Status);
        problem.Detail = Detail;
        problem.Extensions["code"] = Code;
        if (RetryAfter is { } wait)
        {
            // Written as the Retry-After header too (ErrorHandling), wherever in the request the refusal came from.
            problem.Extensions[RetryAfterExtension] = RateLimits.Seconds(wait);
        }

        return TypedResults.Problem(problem);
    }

    /// <summary>
    /// SignalR carries only a message to the caller, so the stable code leads it in brackets: "[not_a_member] Join
    /// this room…". Clients switch on the code (docs/events.md), people read the rest.
    /// </summary>
    public HubException ToHubException() => new($"[{Code}] {(Errors is null ? Detail : $"{Detail} {string.Join(" ", Errors.SelectMany(e => e.Value))}")}");
}

/// <summary>The outcome of an action: a value, or the reason it could not be done.</summary>
public readonly struct Result<T>
{
    private Result(T? value, ApiError? error)
    {
        Value = value;
        Error = error;
    }

    public T? Value { get; }

    public ApiError? Error { get; }

    public bool IsSuccess => Error is null;

    public static implicit operator Result<T>(T value) => new(value, null);

    public static implicit operator Result<T>(ApiError error) => new(default, error);

    /// <summary>Runs <paramref name="next"/> on the value, or passes the error on without running it.</summary>
    public async Task<Result<TNext>> ThenAsync<TNext>(Func<T, Task<Result<TNext>>> next) =>
        IsSuccess ? await next(Value!) : Error!;
}

public static class ResultExtensions
{
    /// <summary>The awaited result's value goes on to <paramref name="next"/>; an error skips it.</summary>
    public static async Task<Result<TNext>> ThenAsync<T, TNext>(this Task<Result<T>> result, Func<T, Task<Result<TNext>>> next) =>
        await (await result).ThenAsync(next);

    /// <summary>The awaited result's value goes on to a step that cannot fail.</summary>
    public static async Task<Result<TNext>> MapAsync<T, TNext>(this Task<Result<T>> result, Func<T, Task<TNext>> next)
    {
        var value = await result;
        return value.IsSuccess ? await next(value.Value!) : value.Error!;
    }
}

public static class ProblemTitles
{
    public static string For(int status) => status switch
    {
        400 => "The request is not valid",
        401 => "Sign in required",
        403 => "Not allowed",
        404 => "Not found",
        409 => "Conflict",
        413 => "Too large",
        429 => "Too many requests",
        _ => "Something went wrong",
    };
}

/// <summary>Turns an action's outcome into the HTTP answer: the value, or its problem details.</summary>
public static class ApiResults
{
    public static Results<Ok<T>, ProblemHttpResult> Ok<T>(Result<T> result) =>
        result.IsSuccess ? TypedResults.Ok(result.Value!) : result.Error!.ToProblem();

    public static Results<NoContent, ProblemHttpResult> NoContent(Result<bool> result) =>
        result.IsSuccess ? TypedResults.NoContent() : result.Error!.ToProblem();
}
