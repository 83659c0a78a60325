using HallPlatform.Application;
using HallPlatform.Quality.Application;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HallPlatform.Quality.Api;

/// <summary>
/// Service-quality statistics across every service (docs/quality.md, "Statistics"): one scope with the previous period,
/// halls side by side, and the comparison as CSV.
/// </summary>
public static class QualityStatisticsApi
{
    public const string Path = "/api/v1/quality-statistics";

    private const string Filters = "Filters: `hallId`, `serviceType`, `staffId` (who served the case), `channel` (how the case came in), "
        + "over `[from, to)` (required, at most 732 days). Each figure comes with its `basis` (the count it is computed over) and the same "
        + "figure for the previous period of equal length; `change` is current − previous. Figures are null when there is nothing to "
        + "compute them over. Staff see their own halls only.";

    public static IEndpointRouteBuilder MapQualityStatisticsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(Path)
            .WithTag("Quality statistics", "CSAT, NPS, FCR, waiting and service times, no-shows, service level, fault repair and SLA, "
                + "complaint response times and the 15-day rule, follow-up coverage: computed from Quality's own event-fed read model.");
        group.MapGet("/", ReportAsync).WithName("GetQualityStatistics")
            .WithSummary("Get the statistics of a scope and period")
            .WithDescription("Every figure of the scope, keyed by metric code (the codes meetings and improvement actions use). " + Filters)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/halls", CompareAsync).WithName("CompareHallStatistics")
            .WithSummary("Compare halls")
            .WithDescription("One row per hall the caller sees with figures in the period or the previous one, and `overall` for them together. " + Filters)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/csv", CsvAsync).WithName("GetQualityStatisticsCsv")
            .WithSummary("Download the hall comparison as CSV")
            .WithDescription("The comparison of GET /quality-statistics/halls, one row per hall (then `all`) and metric: RFC 4180 CSV in UTF-8 with "
                + "a byte order mark, columns hallId, metric, unit, value, basis, previousValue, previousBasis, change, from, to. " + Filters)
            .Produces<string>(StatusCodes.Status200OK, "text/csv")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return routes;
    }

    private static async Task<Results<Ok<StatisticsReport>, ValidationProblem, ProblemHttpResult>> ReportAsync(
        StatisticsReports reports, CancellationToken cancellationToken, string? from = null, string? to = null, string? hallId = null,
        string? serviceType = null, string? staffId = null, string? channel = null)
    {
        var errors = new FieldErrors();
        if (StatisticsReports.Parse(hallId, serviceType, staffId, channel, from, to, errors) is not { } query)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }
        return (await reports.ReportAsync(query, cancellationToken)).ToOk(report => report);
    }

    private static async Task<Results<Ok<HallComparison>, ValidationProblem, ProblemHttpResult>> CompareAsync(
        StatisticsReports reports, CancellationToken cancellationToken, string? from = null, string? to = null, string? hallId = null,
        string? serviceType = null, string? staffId = null, string? channel = null)
    {
        var errors = new FieldErrors();
        if (StatisticsReports.Parse(hallId, serviceType, staffId, channel, from, to, errors) is not { } query)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }
        return (await reports.CompareHallsAsync(query, cancellationToken)).ToOk(comparison => comparison);
    }

    private static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> CsvAsync(
        StatisticsReports reports, CancellationToken cancellationToken, string? from = null, string? to = null, string? hallId = null,
        string? serviceType = null, string? staffId = null, string? channel = null)
    {
        var errors = new FieldErrors();
        if (StatisticsReports.Parse(hallId, serviceType, staffId, channel, from, to, errors) is not { } query)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }
        var outcome = await reports.CompareHallsAsync(query, cancellationToken);
        if (!outcome.Succeeded)
        {
            return outcome.ToProblem();
        }
        var name = $"quality-statistics-{query.From.UtcDateTime:yyyyMMdd}-{query.To.UtcDateTime:yyyyMMdd}.csv";
        return TypedResults.File(StatisticsReports.ToCsv(outcome.Value!), "text/csv; charset=utf-8", name);
    }
}
