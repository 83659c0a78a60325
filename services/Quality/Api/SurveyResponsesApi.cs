using HallPlatform.Quality.Application;
using HallPlatform.Quality.Domain;
using HallPlatform.Application;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HallPlatform.Quality.Api;

public sealed record SurveyResponseResource(
    string ResponseId,
    [property: WireEnum<CaseType>] string CaseType,
    string CaseId,
    string HallId,
    int CsatScore,
    int NpsScore,
    string? Comment,
    DateTimeOffset AnsweredAt)
{
    public static SurveyResponseResource From(SurveyResponse response) => new(
        response.ResponseId,
        response.CaseType.ToWire(),
        response.CaseId,
        response.HallId,
        response.CsatScore,
        response.NpsScore,
        response.Comment,
        response.AnsweredAt);
}

public static class SurveyResponsesApi
{
    public const string BasePath = "/api/v1/survey-responses";

    public static IEndpointRouteBuilder MapSurveyResponsesApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(BasePath)
            .WithTag("Survey responses", "Customers' satisfaction answers, one per case (visit, trouble ticket or complaint).");
        group.MapPost("/", RecordAsync).WithName("RecordSurveyResponse")
            .WithSummary("Record a survey answer")
            .WithDescription("One answer per case (201 with Location); the same answer again is 200, a different answer for "
                + "the case is 409. `csatScore` is 1..5, `npsScore` 0..10. Only a case Quality has heard of finishing (from its owner's "
                + "events) in the given `hallId` can be answered: any other `caseId` is 404.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/{responseId}", GetAsync).WithName("GetSurveyResponse")
            .WithSummary("Get a survey answer")
            .WithDescription("One recorded answer.");
        return routes;
    }

    /// <summary>201 with Location for a new answer; 200 for the same answer again; 409 for a different answer to the same case.</summary>
    private static async Task<Results<Created<SurveyResponseResource>, Ok<SurveyResponseResource>, ValidationProblem, ProblemHttpResult>> RecordAsync(
        RecordSurveyResponseCommand body, SurveyHandling handling, CancellationToken cancellationToken)
    {
        var outcome = await handling.RecordAsync(body, cancellationToken);
        return outcome.Kind switch
        {
            OutcomeKind.Created => TypedResults.Created($"{BasePath}/{outcome.Value!.ResponseId}", SurveyResponseResource.From(outcome.Value)),
            OutcomeKind.Replayed => TypedResults.Ok(SurveyResponseResource.From(outcome.Value!)),
            OutcomeKind.Invalid => TypedResults.ValidationProblem(outcome.Errors!, title: outcome.Title),
            _ => outcome.ToProblem(),
        };
    }

    private static async Task<Results<Ok<SurveyResponseResource>, ProblemHttpResult>> GetAsync(
        string responseId, SurveyHandling handling, CancellationToken cancellationToken)
    {
        // The route always carries an id, so the only failure is 404 (or 403/503).
        var outcome = await handling.GetAsync(responseId, cancellationToken);
        return outcome.Succeeded ? TypedResults.Ok(SurveyResponseResource.From(outcome.Value!)) : outcome.ToProblem();
    }
}
