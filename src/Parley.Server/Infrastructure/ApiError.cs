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
        return TypedResults.Problem(problem);
    }

    public HubException ToHubException() => new(Errors is null ? Detail : $"{Detail} {string.Join(" ", Errors.SelectMany(e => e.Value))}");
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
