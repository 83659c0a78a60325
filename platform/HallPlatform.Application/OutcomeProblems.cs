using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HallPlatform.Application;

/// <summary>The one translation of use-case outcomes to REST answers (RFC 9457 problem details for failures).</summary>
public static class OutcomeProblems
{
    /// <summary>
    /// The problem answer of a failed outcome that is not a field error: 403, 404, 409 for a conflict or a reused key,
    /// 503 when a store was unavailable.
    /// </summary>
    public static ProblemHttpResult ToProblem<T>(this Outcome<T> outcome) => TypedResults.Problem(
        title: outcome.Title,
        detail: outcome.Detail,
        statusCode: outcome.Kind switch
        {
            OutcomeKind.NotFound => StatusCodes.Status404NotFound,
            OutcomeKind.Forbidden => StatusCodes.Status403Forbidden,
            OutcomeKind.Conflict or OutcomeKind.KeyReused => StatusCodes.Status409Conflict,
            OutcomeKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
            _ => StatusCodes.Status500InternalServerError,
        });

    /// <summary>A failed outcome as REST answers it: 400 with field errors, or <see cref="ToProblem{T}"/>.</summary>
    public static Results<ValidationProblem, ProblemHttpResult> ToFailure<T>(this Outcome<T> outcome) =>
        outcome.Kind == OutcomeKind.Invalid
            ? Validation(outcome)
            : outcome.ToProblem();

    /// <summary>201 with <paramref name="location"/> for a use case that always creates, or the failure.</summary>
    public static Results<Created<TResponse>, ValidationProblem, ProblemHttpResult> ToCreated<T, TResponse>(
        this Outcome<T> outcome, Func<T, TResponse> map, Func<TResponse, string> location)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(location);
        if (!outcome.Succeeded)
        {
            return outcome.Kind == OutcomeKind.Invalid
                ? Validation(outcome)
                : outcome.ToProblem();
        }
        var response = map(outcome.Value!);
        return TypedResults.Created(location(response), response);
    }

    /// <summary>
    /// 201 with <paramref name="location"/> for Created; 200 for Replayed (an idempotent retry) and Ok (a PUT that
    /// changed an existing record); or the failure (400 with field errors, 403, 404, 409, 503).
    /// </summary>
    public static Results<Created<TResponse>, Ok<TResponse>, ValidationProblem, ProblemHttpResult> ToCreatedOrOk<T, TResponse>(
        this Outcome<T> outcome, Func<T, TResponse> map, Func<TResponse, string> location)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(location);
        if (!outcome.Succeeded)
        {
            return outcome.Kind == OutcomeKind.Invalid
                ? Validation(outcome)
                : outcome.ToProblem();
        }
        var response = map(outcome.Value!);
        return outcome.Kind == OutcomeKind.Created ? TypedResults.Created(location(response), response) : TypedResults.Ok(response);
    }

    /// <summary>200 with the mapped value, or the failure (400 with field errors, 403, 404, 409, 503).</summary>
    public static Results<Ok<TResponse>, ValidationProblem, ProblemHttpResult> ToOk<T, TResponse>(
        this Outcome<T> outcome, Func<T, TResponse> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        if (outcome.Succeeded)
        {
            return TypedResults.Ok(map(outcome.Value!));
        }
        return outcome.Kind == OutcomeKind.Invalid
            ? Validation(outcome)
            : outcome.ToProblem();
    }

    /// <summary>The 400 of an Invalid outcome: its field errors and title.</summary>
    private static ValidationProblem Validation<T>(Outcome<T> outcome) =>
        TypedResults.ValidationProblem(outcome.Errors ?? new Dictionary<string, string[]>(), title: outcome.Title);
}
