using HallPlatform.Quality.Application;
using HallPlatform.Quality.Domain;
using HallPlatform.Application;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HallPlatform.Quality.Api;

public sealed record SurveyResponseResource(
    string ResponseId,
    string CaseType,
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
        var group = routes.MapGroup(BasePath).WithTags("Survey responses");
        group.MapPost("/", RecordAsync).WithName("RecordSurveyResponse");
        group.MapGet("/{responseId}", GetAsync).WithName("GetSurveyResponse");
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
            OutcomeKind.Invalid => TypedResults.ValidationProblem(outcome.Errors!),
            _ => outcome.ToProblem(),
        };
    }

    private static async Task<Results<Ok<SurveyResponseResource>, ProblemHttpResult>> GetAsync(
        string responseId, SurveyHandling handling, CancellationToken cancellationToken)
    {
        var outcome = await handling.GetAsync(responseId, cancellationToken);
        return outcome.Kind == OutcomeKind.Ok
            ? TypedResults.Ok(SurveyResponseResource.From(outcome.Value!))
            : outcome.ToProblem();
    }
}
