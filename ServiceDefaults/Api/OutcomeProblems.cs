using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HallPlatform.ServiceDefaults.Api;

public static class OutcomeProblems
{
    /// <summary>The problem answer of a failed outcome: 404 for an unknown id, 409 for a conflict or a reused key.</summary>
    public static ProblemHttpResult ToProblem<T>(this Outcome<T> outcome) => TypedResults.Problem(
        title: outcome.Title,
        detail: outcome.Detail,
        statusCode: outcome.Kind switch
        {
            OutcomeKind.NotFound => StatusCodes.Status404NotFound,
            OutcomeKind.Forbidden => StatusCodes.Status403Forbidden,
            OutcomeKind.Conflict or OutcomeKind.KeyReused => StatusCodes.Status409Conflict,
            _ => StatusCodes.Status500InternalServerError,
        });
}
