using System.Globalization;
using HallPlatform.Application;
using HallPlatform.Quality.Application;
using HallPlatform.Quality.Domain;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HallPlatform.Quality.Api;

/// <summary>One step of an action's history: from (null at creation), to, when, by whom, the note.</summary>
public sealed record ImprovementActionChangeResource(
    [property: WireEnum<ImprovementActionStatus>] string? From,
    [property: WireEnum<ImprovementActionStatus>] string To,
    DateTimeOffset At,
    string By,
    string? Note);

public sealed record ImprovementActionResource(
    string ActionId,
    string HallId,
    string Title,
    string? Description,
    string OwnerId,
    string DueDate,
    [property: WireEnum<QualityMetric>] string Metric,
    double? Baseline,
    double? Target,
    string? MeetingId,
    string? FindingId,
    [property: WireEnum<ImprovementActionStatus>] string Status,
    string? Result,
    bool Overdue,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset StatusChangedAt,
    IReadOnlyList<ImprovementActionChangeResource> History)
{
    public static Func<ImprovementAction, ImprovementActionResource> At(DateTimeOffset now) => a => From(a, now);

    public static ImprovementActionResource From(ImprovementAction a, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(a);
        return new(a.ActionId, a.HallId, a.Title, a.Description, a.OwnerId, a.DueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            a.Metric.ToWire(), a.Baseline, a.Target, a.MeetingId, a.FindingId, a.Status.ToWire(), a.Result, a.IsOverdueAt(now), a.CreatedBy,
            a.CreatedAt, a.StatusChangedAt,
            [.. a.History.OrderBy(h => h.At).Select(h => new ImprovementActionChangeResource(h.From?.ToWire(), h.To.ToWire(), h.At, h.By, h.Note))]);
    }
}

public static class ImprovementActionsApi
{
    public const string BasePath = "/api/v1/improvement-actions";

    public static IEndpointRouteBuilder MapImprovementActionsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(BasePath).WithTag("Improvement actions",
            "Actions raised to improve a hall's service quality: owner, due date, the figure to move, status and history.");
        group.MapPost("/", CreateAsync).WithName("CreateImprovementAction")
            .WithSummary("Create an improvement action")
            .WithDescription("Quality analysts, supervisors and administrators, for one of their halls. Status `open`. `dueDate` is yyyy-MM-dd; "
                + "`metric` the figure expected to move, with optional `baseline` and `target`. 201 with Location.")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/", ListAsync).WithName("ListImprovementActions")
            .WithSummary("List improvement actions")
            .WithDescription("Actions of the caller's halls (or `hallId`), newest first, by `status`, `ownerId`, `metric`.")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/overdue", OverdueAsync).WithName("ListOverdueImprovementActions")
            .WithSummary("List overdue improvement actions")
            .WithDescription("Open or in-progress actions whose due date is before today (UTC), the longest overdue first.")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/mine", MineAsync).WithName("ListMyImprovementActions")
            .WithSummary("My improvement actions")
            .WithDescription("The actions the calling staff member owns, earliest due first.")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/{actionId}", GetAsync).WithName("GetImprovementAction")
            .WithSummary("Get an improvement action")
            .WithDescription("Its hall's managers, or its owner; anyone else, and another hall, gets 404 like an unknown id.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{actionId}/status", ChangeStatusAsync).WithName("ChangeImprovementActionStatus")
            .WithSummary("Move an improvement action")
            .WithDescription("open → inProgress → done (needs `result`) → verified; done → inProgress when verification fails; open or "
                + "inProgress → cancelled. The owner may take open → inProgress → done (403 for other steps); managers any allowed step. "
                + "A forbidden move, or a concurrent change, is 409.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return routes;
    }

    private static async Task<Results<Created<ImprovementActionResource>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateImprovementActionCommand body, ImprovementActions actions, TimeProvider time, CancellationToken cancellationToken) =>
        (await actions.CreateAsync(body, cancellationToken)).ToCreated(ImprovementActionResource.At(time.GetUtcNow()), a => $"{BasePath}/{a.ActionId}");

    private static async Task<Results<Ok<ResultPage<ImprovementActionResource>>, ValidationProblem, ProblemHttpResult>> ListAsync(
        ImprovementActions actions,
        TimeProvider time,
        CancellationToken cancellationToken,
        string? hallId = null,
        [WireEnum<ImprovementActionStatus>] string? status = null,
        string? ownerId = null,
        [WireEnum<QualityMetric>] string? metric = null,
        [IntegerText(1, PageRequest.MaxPage)] string? page = null,
        [IntegerText(1, PageRequest.MaxPageSize)] string? pageSize = null)
    {
        var errors = new FieldErrors();
        var hall = HallIds.Check("hallId", hallId, errors);
        var statusFilter = ImprovementActions.ParseOptional<ImprovementActionStatus>("status", status, errors);
        var owner = ImprovementActions.StaffId("ownerId", ownerId, errors, required: false);
        var metricFilter = ImprovementActions.ParseOptional<QualityMetric>("metric", metric, errors);
        var paging = PageRequest.Parse(page, pageSize, errors);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }
        var outcome = await actions.ListAsync(new ImprovementActionQuery(hall, statusFilter, owner, metricFilter, paging), cancellationToken);
        var map = ImprovementActionResource.At(time.GetUtcNow());
        return outcome.ToOk(result => result.Map(map));
    }

    private static async Task<Results<Ok<ResultPage<ImprovementActionResource>>, ValidationProblem, ProblemHttpResult>> OverdueAsync(
        ImprovementActions actions,
        TimeProvider time,
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
        var map = ImprovementActionResource.At(time.GetUtcNow());
        return (await actions.OverdueAsync(hall, paging, cancellationToken)).ToOk(result => result.Map(map));
    }

    private static async Task<Results<Ok<ResultPage<ImprovementActionResource>>, ValidationProblem, ProblemHttpResult>> MineAsync(
        ImprovementActions actions,
        TimeProvider time,
        CancellationToken cancellationToken,
        [IntegerText(1, PageRequest.MaxPage)] string? page = null,
        [IntegerText(1, PageRequest.MaxPageSize)] string? pageSize = null)
    {
        var errors = new FieldErrors();
        var paging = PageRequest.Parse(page, pageSize, errors);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }
        var map = ImprovementActionResource.At(time.GetUtcNow());
        return (await actions.MineAsync(paging, cancellationToken)).ToOk(result => result.Map(map));
    }

    private static async Task<Results<Ok<ImprovementActionResource>, ValidationProblem, ProblemHttpResult>> GetAsync(
        string actionId, ImprovementActions actions, TimeProvider time, CancellationToken cancellationToken) =>
        (await actions.GetAsync(actionId, cancellationToken)).ToOk(ImprovementActionResource.At(time.GetUtcNow()));

    private static async Task<Results<Ok<ImprovementActionResource>, ValidationProblem, ProblemHttpResult>> ChangeStatusAsync(
        string actionId, ChangeImprovementActionStatusCommand body, ImprovementActions actions, TimeProvider time, CancellationToken cancellationToken) =>
        (await actions.ChangeStatusAsync(actionId, body, cancellationToken)).ToOk(ImprovementActionResource.At(time.GetUtcNow()));
}
