using HallPlatform.Reception.Application;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HallPlatform.Reception.Api;

/// <summary>Turns use-case failures into RFC 9457 problem details (the ServiceDefaults add traceId).</summary>
internal static class Problems
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    public static ProblemHttpResult From(Failure failure) => TypedResults.Problem(
        title: failure.Title,
        detail: failure.Detail,
        statusCode: failure.Kind switch
        {
            FailureKind.Invalid => StatusCodes.Status400BadRequest,
            FailureKind.NotFound => StatusCodes.Status404NotFound,
            FailureKind.Conflict => StatusCodes.Status409Conflict,
            FailureKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
            _ => StatusCodes.Status500InternalServerError,
        });

    public static ValidationProblem Validation(Failure failure) =>
        TypedResults.ValidationProblem(failure.Errors ?? new Dictionary<string, string[]>(), failure.Detail, title: failure.Title);

    /// <summary>Field errors for page/pageSize, or null when both are usable.</summary>
    public static Failure? ValidatePaging(int? page, int? pageSize)
    {
        var errors = new FieldErrors();
        if (page is < 1)
        {
            errors.Add("page", "The page is 1-based.");
        }
        if (pageSize is < 1 or > MaxPageSize)
        {
            errors.Add("pageSize", $"The page size must be between 1 and {MaxPageSize}.");
        }
        return errors.Any ? Failure.Invalid(errors.ToDictionary()) : null;
    }

    public static PageResponse<T> Page<T>(IReadOnlyList<T> all, int? page, int? pageSize)
    {
        var number = page ?? 1;
        var size = pageSize ?? DefaultPageSize;
        return new PageResponse<T>([.. all.Skip((number - 1) * size).Take(size)], number, size, all.Count);
    }
}
