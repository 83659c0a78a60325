using HallPlatform.Reception.Application;
using HallPlatform.Application;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HallPlatform.Reception.Api;

/// <summary>Turns use-case failures into RFC 9457 problem details (the ServiceDefaults add traceId).</summary>
internal static class Problems
{
    public static ProblemHttpResult From(Failure failure) => TypedResults.Problem(
        title: failure.Title,
        detail: failure.Detail,
        statusCode: failure.Kind switch
        {
            FailureKind.Invalid => StatusCodes.Status400BadRequest,
            FailureKind.NotFound => StatusCodes.Status404NotFound,
            FailureKind.Conflict or FailureKind.KeyReused => StatusCodes.Status409Conflict,
            FailureKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
            _ => StatusCodes.Status500InternalServerError,
        });

    public static ValidationProblem Validation(Failure failure) =>
        TypedResults.ValidationProblem(failure.Errors ?? new Dictionary<string, string[]>(), failure.Detail, title: failure.Title);

    /// <summary>200 with the mapped value, 400 with field errors, or the failure's problem (404, 409, 503).</summary>
    public static Results<Ok<TResponse>, ValidationProblem, ProblemHttpResult> Answer<T, TResponse>(Application.Outcome<T> outcome, Func<T, TResponse> map) =>
        outcome.Failure is { } failure
            ? failure.Kind == FailureKind.Invalid ? Validation(failure) : From(failure)
            : TypedResults.Ok(map(outcome.Value!));

    /// <summary>The page asked for, or the field errors for page/pageSize when they are not usable.</summary>
    public static PageRequest CheckPaging(int? page, int? pageSize, out Failure? invalid)
    {
        var errors = new FieldErrors();
        var paging = PageRequest.Check(page, pageSize, errors);
        invalid = errors.Any ? Failure.Invalid(errors.ToDictionary()) : null;
        return paging;
    }
}
