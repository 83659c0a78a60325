using HallPlatform.Application;
using HallPlatform.Complaint.Application;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HallPlatform.Complaint.Api;

/// <summary>The periodic complaint summary for management review, as JSON and as a CSV download.</summary>
public static class ComplaintSummaryApi
{
    public const string Path = "/api/v1/complaint-summary";
    public const string CsvContentType = "text/csv; charset=utf-8";

    public static IEndpointRouteBuilder MapComplaintSummaryApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(Path)
            .WithTag("Complaint summary", "Periodic complaint summary for management review (ISO 10002 analysis and improvement).");
        group.MapGet("/", JsonAsync).WithName("GetComplaintSummary")
            .WithSummary("Summarise complaints of a period")
            .WithDescription("Complaints received in [from, to) in `halls` (comma-separated; default the caller's halls): counts by "
                + "category, channel, department, root cause and outcome; nearest-rank median and p90 time to first response and to "
                + "resolution in seconds; share answered within 15 days; repeat complainants; top root causes against the previous "
                + "period of equal length, with improvement suggestions.")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/csv", CsvAsync).WithName("GetComplaintSummaryCsv")
            .WithSummary("Download the complaint summary as CSV")
            .WithDescription("The same figures as GET /complaint-summary, one row per figure: RFC 4180 CSV in UTF-8 with a byte order mark "
                + "(columns section, key, name, count, previousCount, value, improvementSuggestion).")
            .Produces<string>(StatusCodes.Status200OK, "text/csv")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return routes;
    }

    private static async Task<Results<Ok<ComplaintSummaryReport>, ValidationProblem, ProblemHttpResult>> JsonAsync(
        ComplaintSummaryBuilder builder, CancellationToken cancellationToken, string? from = null, string? to = null, string? halls = null)
    {
        var errors = new FieldErrors();
        var query = ComplaintSummaryBuilder.Parse(from, to, halls, errors);
        if (query is null)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }
        return (await builder.BuildAsync(query, cancellationToken)).ToOk(report => report);
    }

    private static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> CsvAsync(
        ComplaintSummaryBuilder builder, CancellationToken cancellationToken, string? from = null, string? to = null, string? halls = null)
    {
        var errors = new FieldErrors();
        var query = ComplaintSummaryBuilder.Parse(from, to, halls, errors);
        if (query is null)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }
        var outcome = await builder.BuildAsync(query, cancellationToken);
        if (!outcome.Succeeded)
        {
            return outcome.ToProblem();
        }
        var name = $"complaint-summary-{query.From.UtcDateTime:yyyyMMdd}-{query.To.UtcDateTime:yyyyMMdd}.csv";
        return TypedResults.File(ComplaintSummaryBuilder.ToCsv(outcome.Value!), CsvContentType, name);
    }
}
