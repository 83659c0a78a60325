using HallPlatform.Quality.Application;
using HallPlatform.Application;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HallPlatform.Quality.Api;

/// <summary>
/// CSAT and NPS of one hall over [from, to), or (hallId null) of every hall the caller sees. With no responses,
/// csatPercent and nps are null (undefined), not 0.
/// </summary>
public sealed record SatisfactionSummaryResource(
    string? HallId,
    DateTimeOffset From,
    DateTimeOffset To,
    int Responses,
    double? CsatPercent,
    double? Nps)
{
    public static SatisfactionSummaryResource Of(SatisfactionSummary summary) => new(
        summary.HallId,
        summary.From,
        summary.To,
        summary.Tally.Responses,
        summary.Tally.CsatPercent,
        summary.Tally.NetPromoterScore);
}

public static class SatisfactionSummaryApi
{
    public const string Path = "/api/v1/satisfaction-summary";

    public static IEndpointRouteBuilder MapSatisfactionSummaryApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(Path).WithTags("Satisfaction summary");
        group.MapGet("/", GetAsync).WithName("GetSatisfactionSummary");
        return routes;
    }

    // from and to arrive as text so an unreadable one becomes a field error naming it. A hallId the staff caller does
    // not serve is 403.
    private static async Task<Results<Ok<SatisfactionSummaryResource>, ValidationProblem, ProblemHttpResult>> GetAsync(
        SurveyHandling handling,
        CancellationToken cancellationToken,
        string? hallId = null,
        string? from = null,
        string? to = null)
    {
        var outcome = await handling.SummaryAsync(hallId, from, to, cancellationToken);
        return outcome.Kind switch
        {
            OutcomeKind.Ok => TypedResults.Ok(SatisfactionSummaryResource.Of(outcome.Value!)),
            OutcomeKind.Invalid => TypedResults.ValidationProblem(outcome.Errors!),
            _ => outcome.ToProblem(),
        };
    }
}
