using System.Globalization;
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
    double? Nps,
    int ClosureScores,
    int ClosureSatisfied,
    double? ClosureAverageScore)
{
    public static SatisfactionSummaryResource Of(SatisfactionSummary summary) => new(
        summary.HallId,
        summary.From,
        summary.To,
        summary.Tally.Responses,
        summary.Tally.CsatPercent,
        summary.Tally.NetPromoterScore,
        summary.ClosureScores.Count,
        summary.ClosureScores.Satisfied,
        summary.ClosureScores.AverageScore is { } average ? Math.Round(average, 2) : null);
}

public static class SatisfactionSummaryApi
{
    public const string Path = "/api/v1/satisfaction-summary";

    public static IEndpointRouteBuilder MapSatisfactionSummaryApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(Path)
            .WithTag("Satisfaction summary", "CSAT and NPS over the survey answers of a period (ISO 10004).");
        group.MapGet("/", GetAsync).WithName("GetSatisfactionSummary")
            .WithSummary("Get the satisfaction summary")
            .WithDescription("`{ responses, csatPercent, nps }` over the answers in `[from, to)`, optionally for one `hallId`; "
                + "the scores are null when nobody answered. `closureScores`, `closureSatisfied` (4 or 5) and `closureAverageScore` "
                + "summarise the scores customers gave when confirming a trouble ticket's closure, over the tickets finished in the period.");
        return routes;
    }

    // from and to arrive as text so an unreadable one becomes a field error naming it; a missing one is the
    // application's "required". A hallId the staff caller does not serve is 403.
    private static async Task<Results<Ok<SatisfactionSummaryResource>, ValidationProblem, ProblemHttpResult>> GetAsync(
        SurveyHandling handling,
        CancellationToken cancellationToken,
        string? hallId = null,
        string? from = null,
        string? to = null)
    {
        var errors = new FieldErrors();
        var fromInstant = InstantRange.Parse("from", from, errors);
        var toInstant = InstantRange.Parse("to", to, errors);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }
        var outcome = await handling.SummaryAsync(hallId, fromInstant, toInstant, cancellationToken);
        return outcome.ToOk(SatisfactionSummaryResource.Of);
    }

}
