using System.Globalization;
using System.Text.Json;
using HallPlatform.Application;
using HallPlatform.Quality.Application;
using HallPlatform.Quality.Domain;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HallPlatform.Quality.Api;

public sealed record EvaluationFindingResource(string FindingId, int Number, string Text);

/// <summary>A meeting in a list: what was reviewed and found, without the actions.</summary>
public sealed record EvaluationMeetingSummaryResource(
    string MeetingId,
    string HallId,
    string HeldOn,
    IReadOnlyList<string> Participants,
    string FiguresSource,
    DateTimeOffset? FiguresFrom,
    DateTimeOffset? FiguresTo,
    IReadOnlyDictionary<string, double> Figures,
    IReadOnlyList<EvaluationFindingResource> Findings,
    string RecordedBy,
    DateTimeOffset RecordedAt)
{
    public static EvaluationMeetingSummaryResource From(EvaluationMeeting m)
    {
        ArgumentNullException.ThrowIfNull(m);
        return new(m.MeetingId, m.HallId, m.HeldOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), m.Participants, m.FiguresSource,
            m.FiguresFrom, m.FiguresTo, JsonSerializer.Deserialize<Dictionary<string, double>>(m.Figures) ?? [],
            [.. m.Findings.OrderBy(f => f.Number).Select(f => new EvaluationFindingResource(f.FindingId, f.Number, f.Text))], m.RecordedBy, m.RecordedAt);
    }
}

/// <summary>What one of the previous meeting's actions achieved: its status and result now.</summary>
public sealed record ActionOutcomeResource(
    string ActionId,
    string? FindingId,
    string Title,
    string OwnerId,
    string DueDate,
    [property: WireEnum<QualityMetric>] string Metric,
    double? Baseline,
    double? Target,
    [property: WireEnum<ImprovementActionStatus>] string Status,
    string? Result,
    bool Overdue)
{
    public static ActionOutcomeResource From(ImprovementAction a, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(a);
        return new(a.ActionId, a.FindingId, a.Title, a.OwnerId, a.DueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), a.Metric.ToWire(),
            a.Baseline, a.Target, a.Status.ToWire(), a.Result, a.IsOverdueAt(now));
    }
}

/// <summary>The hall's previous meeting and what its actions achieved.</summary>
public sealed record PreviousMeetingResource(string MeetingId, string HeldOn, IReadOnlyList<ActionOutcomeResource> Actions);

public sealed record EvaluationMeetingResource(
    string MeetingId,
    string HallId,
    string HeldOn,
    IReadOnlyList<string> Participants,
    string FiguresSource,
    DateTimeOffset? FiguresFrom,
    DateTimeOffset? FiguresTo,
    IReadOnlyDictionary<string, double> Figures,
    IReadOnlyList<EvaluationFindingResource> Findings,
    string RecordedBy,
    DateTimeOffset RecordedAt,
    IReadOnlyList<ActionOutcomeResource> Actions,
    PreviousMeetingResource? PreviousMeeting)
{
    public static Func<EvaluationMeetingView, EvaluationMeetingResource> At(DateTimeOffset now) => view =>
    {
        var m = EvaluationMeetingSummaryResource.From(view.Meeting);
        return new(m.MeetingId, m.HallId, m.HeldOn, m.Participants, m.FiguresSource, m.FiguresFrom, m.FiguresTo, m.Figures, m.Findings,
            m.RecordedBy, m.RecordedAt, [.. view.Actions.Select(a => ActionOutcomeResource.From(a, now))],
            view.PreviousMeeting is { } previous
                ? new PreviousMeetingResource(previous.MeetingId, previous.HeldOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    [.. view.PreviousActions.Select(a => ActionOutcomeResource.From(a, now))])
                : null);
    };
}

public static class EvaluationMeetingsApi
{
    public const string BasePath = "/api/v1/evaluation-meetings";

    public static IEndpointRouteBuilder MapEvaluationMeetingsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(BasePath).WithTag("Evaluation meetings",
            "Service-quality evaluation meetings of a hall: participants, the figures reviewed (an immutable snapshot), findings, the "
            + "improvement actions they raise, and what the previous meeting's actions achieved.");
        group.MapPost("/", RecordAsync).WithName("RecordEvaluationMeeting")
            .WithSummary("Record an evaluation meeting")
            .WithDescription("Quality analysts, supervisors and administrators, for one of their halls. `heldOn` is yyyy-MM-dd. `figures` is an object "
                + "of metric code → value as reviewed; without it, `figuresFrom` and `figuresTo` are required and the hall's statistics over "
                + "`[figuresFrom, figuresTo)` are taken (every defined figure of GET /quality-statistics; source `statistics`). `findings` are texts; each gets an id. 201 with Location.")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/", ListAsync).WithName("ListEvaluationMeetings")
            .WithSummary("List evaluation meetings")
            .WithDescription("Meetings of the caller's halls (or `hallId`), the latest first.")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/{meetingId}", GetAsync).WithName("GetEvaluationMeeting")
            .WithSummary("Get an evaluation meeting")
            .WithDescription("The meeting with the actions its findings raised, and `previousMeeting`: the hall's meeting before it with its "
                + "actions' current status and result (null for the first meeting). Another hall's meeting is 404 like an unknown id.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{meetingId}/findings/{findingId}/actions", RaiseActionAsync).WithName("RaiseImprovementAction")
            .WithSummary("Raise an improvement action from a finding")
            .WithDescription("Creates an improvement action in the meeting's hall, linked to the meeting and the finding (status `open`). "
                + "404 for an unknown meeting or finding. 201 with the action's Location.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    private static async Task<Results<Created<EvaluationMeetingResource>, ValidationProblem, ProblemHttpResult>> RecordAsync(
        RecordEvaluationMeetingCommand body, EvaluationMeetings meetings, TimeProvider time, CancellationToken cancellationToken) =>
        (await meetings.RecordAsync(body, cancellationToken)).ToCreated(EvaluationMeetingResource.At(time.GetUtcNow()), m => $"{BasePath}/{m.MeetingId}");

    private static async Task<Results<Ok<ResultPage<EvaluationMeetingSummaryResource>>, ValidationProblem, ProblemHttpResult>> ListAsync(
        EvaluationMeetings meetings,
        CancellationToken cancellationToken,
        string? hallId = null,
        [IntegerText(1, PageRequest.MaxPage)] string? page = null,
        [IntegerText(1, PageRequest.MaxPageSize)] string? pageSize = null)
    {
        var errors = new FieldErrors();
        var hall = HallIds.Check("hallId", hallId, errors);
        var paging = PageRequest.Parse(page, pageSize, errors);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }
        return (await meetings.ListAsync(hall, paging, cancellationToken)).ToOk(result => result.Map(EvaluationMeetingSummaryResource.From));
    }

    private static async Task<Results<Ok<EvaluationMeetingResource>, ValidationProblem, ProblemHttpResult>> GetAsync(
        string meetingId, EvaluationMeetings meetings, TimeProvider time, CancellationToken cancellationToken) =>
        (await meetings.GetAsync(meetingId, cancellationToken)).ToOk(EvaluationMeetingResource.At(time.GetUtcNow()));

    private static async Task<Results<Created<ImprovementActionResource>, ValidationProblem, ProblemHttpResult>> RaiseActionAsync(
        string meetingId, string findingId, RaiseImprovementActionCommand body, ImprovementActions actions, TimeProvider time, CancellationToken cancellationToken) =>
        (await actions.RaiseAsync(meetingId, findingId, body, cancellationToken))
            .ToCreated(ImprovementActionResource.At(time.GetUtcNow()), a => $"{ImprovementActionsApi.BasePath}/{a.ActionId}");
}
