using System.ComponentModel.DataAnnotations;
using System.Globalization;
using HallPlatform.Application;
using HallPlatform.Audit;
using HallPlatform.Identity;
using HallPlatform.Quality.Data;
using HallPlatform.Quality.Domain;
using Microsoft.EntityFrameworkCore;

namespace HallPlatform.Quality.Application;

/// <summary>A new improvement action of a hall.</summary>
public sealed record CreateImprovementActionCommand(
    [property: Required, MaxLength(HallIds.MaxLength)] string? HallId,
    [property: Required, MaxLength(ImprovementAction.MaxTitleLength)] string? Title,
    [property: MaxLength(ImprovementAction.MaxDescriptionLength)] string? Description,
    [property: Required, MaxLength(ImprovementAction.MaxStaffIdLength)] string? OwnerId,
    [property: Required, MaxLength(10)] string? DueDate,
    [property: Required, WireEnum<QualityMetric>] string? Metric,
    double? Baseline,
    double? Target);

/// <summary>An improvement action raised by a meeting's finding: the hall is the meeting's.</summary>
public sealed record RaiseImprovementActionCommand(
    [property: Required, MaxLength(ImprovementAction.MaxTitleLength)] string? Title,
    [property: MaxLength(ImprovementAction.MaxDescriptionLength)] string? Description,
    [property: Required, MaxLength(ImprovementAction.MaxStaffIdLength)] string? OwnerId,
    [property: Required, MaxLength(10)] string? DueDate,
    [property: Required, WireEnum<QualityMetric>] string? Metric,
    double? Baseline,
    double? Target);

/// <summary>A status step: the new status, a note on it, and the result (required to mark an action done).</summary>
public sealed record ChangeImprovementActionStatusCommand(
    [property: Required, WireEnum<ImprovementActionStatus>] string? Status,
    [property: MaxLength(ImprovementAction.MaxNoteLength)] string? Note,
    [property: MaxLength(ImprovementAction.MaxResultLength)] string? Result);

public sealed record ImprovementActionQuery(
    string? HallId, ImprovementActionStatus? Status, string? OwnerId, QualityMetric? Metric, PageRequest Page);

/// <summary>
/// Improvement actions (docs/quality.md): quality analysts, supervisors and administrators of the action's hall
/// create, list and move them; the owner (any staff member) sees their own actions and moves them open → inProgress →
/// done. Anyone else, and any other hall, gets 404 like an unknown id. Every change is audited with who and when.
/// </summary>
public sealed partial class ImprovementActions(
    QualityDbContext db, AuditTrail audit, IHallCallerAccessor callers, TimeProvider time, ILogger<ImprovementActions> logger)
{
    public const string RecordType = "improvement-action";
    public const string CreatedAction = "improvement-action.created";
    public const string StatusChangedAction = "improvement-action.status-changed";

    /// <summary>Due dates, meeting dates: whole days from 2000-01-01 to 2099-12-31.</summary>
    public static readonly DateOnly EarliestDate = new(2000, 1, 1);
    public static readonly DateOnly LatestDate = new(2099, 12, 31);

    /// <summary>Quality analysts, supervisors and administrators: they manage actions and meetings of their halls.</summary>
    public static bool IsManager(HallCaller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.Kind == CallerKind.Staff
            && (caller.IsInRole(HallRoles.QualityAnalyst) || caller.IsInRole(HallRoles.Supervisor) || caller.IsInRole(HallRoles.Administrator));
    }

    public static bool ManagesHall(HallCaller caller, string hallId) => IsManager(caller) && caller.CanSeeHall(hallId);

    public async Task<Outcome<ImprovementAction>> CreateAsync(CreateImprovementActionCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var caller = callers.Current;
        if (!IsManager(caller))
        {
            return ManagersOnly<ImprovementAction>();
        }
        var errors = new FieldErrors();
        var hallId = HallIds.Required("hallId", command.HallId, errors);
        var plan = Validate(hallId, new RaiseImprovementActionCommand(command.Title, command.Description, command.OwnerId, command.DueDate,
            command.Metric, command.Baseline, command.Target), null, null, errors);
        if (plan is null)
        {
            return Outcome<ImprovementAction>.Invalid(errors.ToDictionary());
        }
        if (!caller.CanSeeHall(plan.HallId))
        {
            return Outcome<ImprovementAction>.Forbidden("Not your hall.", $"Hall '{plan.HallId}' is not one of this caller's halls.");
        }
        return await AddAsync(plan, cancellationToken);
    }

    /// <summary>An action raised by finding <paramref name="findingId"/> of meeting <paramref name="meetingId"/>, in the meeting's hall.</summary>
    public async Task<Outcome<ImprovementAction>> RaiseAsync(string meetingId, string findingId, RaiseImprovementActionCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var caller = callers.Current;
        if (!IsManager(caller))
        {
            return ManagersOnly<ImprovementAction>();
        }
        var meeting = await db.EvaluationMeetings.AsNoTracking().FirstOrDefaultAsync(m => m.MeetingId == meetingId, cancellationToken);
        if (meeting is null || !caller.CanSeeHall(meeting.HallId))
        {
            return Outcome<ImprovementAction>.NotFoundById("Evaluation meeting", meetingId);
        }
        if (!meeting.Findings.Any(f => f.FindingId == findingId))
        {
            return Outcome<ImprovementAction>.NotFound("Finding not found.", $"Evaluation meeting '{meetingId}' has no finding '{findingId}'.");
        }
        var errors = new FieldErrors();
        var plan = Validate(meeting.HallId, command, meetingId, findingId, errors);
        if (plan is null)
        {
            return Outcome<ImprovementAction>.Invalid(errors.ToDictionary());
        }
        return await AddAsync(plan, cancellationToken);
    }

    /// <summary>One action: a manager of its hall, or its owner.</summary>
    public async Task<Outcome<ImprovementAction>> GetAsync(string actionId, CancellationToken cancellationToken)
    {
        var action = await db.ImprovementActions.AsNoTracking().FirstOrDefaultAsync(a => a.ActionId == actionId, cancellationToken);
        if (action is null || !Sees(callers.Current, action))
        {
            return NotFound(actionId);
        }
        return Outcome<ImprovementAction>.Ok(action);
    }

    public async Task<Outcome<ResultPage<ImprovementAction>>> ListAsync(ImprovementActionQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var caller = callers.Current;
        if (!IsManager(caller))
        {
            return ManagersOnly<ResultPage<ImprovementAction>>();
        }
        if (query.HallId is { } hall && !caller.CanSeeHall(hall))
        {
            return Outcome<ResultPage<ImprovementAction>>.Forbidden("Not your hall.", $"Hall '{hall}' is not one of this caller's halls.");
        }
        var items = Visible(db.ImprovementActions.AsNoTracking(), query.HallId);
        if (query.Status is { } status)
        {
            items = items.Where(a => a.Status == status);
        }
        if (query.OwnerId is { } owner)
        {
            items = items.Where(a => a.OwnerId == owner);
        }
        if (query.Metric is { } metric)
        {
            items = items.Where(a => a.Metric == metric);
        }
        var total = await items.CountAsync(cancellationToken);
        var page = await items.OrderByDescending(a => a.CreatedAt).ThenByDescending(a => a.ActionId)
            .Skip(query.Page.Skip).Take(query.Page.PageSize).ToListAsync(cancellationToken);
        return Outcome<ResultPage<ImprovementAction>>.Ok(query.Page.Of<ImprovementAction>(page, total));
    }

    /// <summary>The caller's own actions (as owner), due first.</summary>
    public async Task<Outcome<ResultPage<ImprovementAction>>> MineAsync(PageRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        var caller = callers.Current;
        if (caller.Kind != CallerKind.Staff)
        {
            return Outcome<ResultPage<ImprovementAction>>.Forbidden("Staff only.", "Only staff members own improvement actions.");
        }
        var mine = Visible(db.ImprovementActions.AsNoTracking(), null).Where(a => a.OwnerId == caller.Id);
        var total = await mine.CountAsync(cancellationToken);
        var items = await mine.OrderBy(a => a.DueDate).ThenBy(a => a.ActionId).Skip(page.Skip).Take(page.PageSize).ToListAsync(cancellationToken);
        return Outcome<ResultPage<ImprovementAction>>.Ok(page.Of<ImprovementAction>(items, total));
    }

    /// <summary>
    /// The overdue actions (<see cref="ImprovementAction.IsOverdue"/>: open or in progress, due date before today UTC) of
    /// the caller's halls or of <paramref name="hallId"/>, the longest overdue first.
    /// </summary>
    public async Task<Outcome<ResultPage<ImprovementAction>>> OverdueAsync(string? hallId, PageRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        var caller = callers.Current;
        if (!IsManager(caller))
        {
            return ManagersOnly<ResultPage<ImprovementAction>>();
        }
        if (hallId is not null && !caller.CanSeeHall(hallId))
        {
            return Outcome<ResultPage<ImprovementAction>>.Forbidden("Not your hall.", $"Hall '{hallId}' is not one of this caller's halls.");
        }
        var today = ImprovementAction.OverdueBefore(time.GetUtcNow());
        var overdue = Overdue(Visible(db.ImprovementActions.AsNoTracking(), hallId), today);
        var total = await overdue.CountAsync(cancellationToken);
        var items = await overdue.OrderBy(a => a.DueDate).ThenBy(a => a.ActionId).Skip(page.Skip).Take(page.PageSize).ToListAsync(cancellationToken);
        return Outcome<ResultPage<ImprovementAction>>.Ok(page.Of<ImprovementAction>(items, total));
    }

    /// <summary>The overdue rule as a query: pending and due before <paramref name="today"/> (shared with the gauges).</summary>
    public static IQueryable<ImprovementAction> Overdue(IQueryable<ImprovementAction> actions, DateOnly today) =>
        actions.Where(a => (a.Status == ImprovementActionStatus.Open || a.Status == ImprovementActionStatus.InProgress) && a.DueDate < today);

    public async Task<Outcome<ImprovementAction>> ChangeStatusAsync(string actionId, ChangeImprovementActionStatusCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var errors = new FieldErrors();
        var target = ParseRequired<ImprovementActionStatus>("status", command.Status, errors);
        var note = errors.OptionalText("note", command.Note, ImprovementAction.MaxNoteLength);
        var result = errors.OptionalText("result", command.Result, ImprovementAction.MaxResultLength);
        if (errors.Any)
        {
            return Outcome<ImprovementAction>.Invalid(errors.ToDictionary());
        }
        var caller = callers.Current;
        var action = await db.ImprovementActions.FirstOrDefaultAsync(a => a.ActionId == actionId, cancellationToken);
        if (action is null || !Sees(caller, action))
        {
            return NotFound(actionId);
        }
        var from = action.Status;
        if (!ManagesHall(caller, action.HallId) && !ImprovementActionLifecycle.OwnerMayMove(from, target!.Value))
        {
            return Outcome<ImprovementAction>.Forbidden("Not an owner's step.",
                $"The owner of improvement action {actionId} may move it open → inProgress → done; '{from.ToWire()}' → '{target!.Value.ToWire()}' is for the hall's managers.");
        }
        if (target == ImprovementActionStatus.Done && result is null && action.Result is null)
        {
            return Outcome<ImprovementAction>.Invalid("result", "The result field is required to mark an action done: what was done and what it achieved.");
        }
        var before = Snapshot(action);
        if (!action.MoveTo(target!.Value, caller.Id, note, result, time.GetStoredUtcNow()))
        {
            var allowed = ImprovementActionLifecycle.NextStatuses(from);
            return Outcome<ImprovementAction>.Conflict("Status change not allowed.",
                $"Improvement action {actionId} is '{from.ToWire()}' and cannot move to '{target!.Value.ToWire()}'. Allowed next statuses: "
                + (allowed.Count == 0 ? "none, it is final" : string.Join(", ", allowed.Select(s => s.ToWire()))) + ".");
        }
        audit.Record(StatusChangedAction, RecordType, action.ActionId, before: before, after: Snapshot(action), hallId: action.HallId);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Outcome<ImprovementAction>.Conflict("Improvement action changed concurrently.",
                $"Improvement action {actionId} was changed by another request. Read it again and retry.");
        }
        LogStatusChanged(action.ActionId, from, action.Status);
        return Outcome<ImprovementAction>.Ok(action);
    }

    /// <summary>Parses a yyyy-MM-dd date within <see cref="EarliestDate"/>..<see cref="LatestDate"/>; null after recording the error.</summary>
    public static DateOnly? ParseDate(string field, string? text, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add(field, $"The {field} field is required.");
            return null;
        }
        if (!DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            errors.Add(field, $"The {field} field must be a date written yyyy-MM-dd, such as 2026-12-31.");
            return null;
        }
        if (date < EarliestDate || date > LatestDate)
        {
            errors.Add(field, $"The {field} field must be from {EarliestDate:yyyy-MM-dd} to {LatestDate:yyyy-MM-dd}.");
            return null;
        }
        return date;
    }

    /// <summary>A figure (baseline, target, reviewed value): finite, at most ±1e9.</summary>
    public static bool IsValidFigure(double value) => double.IsFinite(value) && Math.Abs(value) <= ImprovementAction.MaxFigure;

    public static TEnum? ParseRequired<TEnum>(string field, string? text, FieldErrors errors) where TEnum : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add(field, $"The {field} field is required.");
            return null;
        }
        return ParseOptional<TEnum>(field, text, errors);
    }

    public static TEnum? ParseOptional<TEnum>(string field, string? text, FieldErrors errors) where TEnum : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (!WireNames<TEnum>.TryParse(text, out var value))
        {
            errors.Add(field, $"Unknown {field}; use one of: {string.Join(", ", WireNames<TEnum>.All)}.");
            return null;
        }
        return value;
    }

    /// <summary>A staff id as a reference: 1 to 128 printable characters without spaces.</summary>
    public static string? StaffId(string field, string? text, FieldErrors errors, bool required)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var id = required ? errors.RequiredText(field, text, ImprovementAction.MaxStaffIdLength) : errors.OptionalText(field, text, ImprovementAction.MaxStaffIdLength);
        if (id is not null && id.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            errors.Add(field, $"The {field} field must be a staff id: no spaces or control characters.");
            return null;
        }
        return id;
    }

    private static ImprovementActionPlan? Validate(string? hallId, RaiseImprovementActionCommand command, string? meetingId, string? findingId, FieldErrors errors)
    {
        var title = errors.RequiredText("title", command.Title, ImprovementAction.MaxTitleLength);
        var description = errors.OptionalText("description", command.Description, ImprovementAction.MaxDescriptionLength);
        var owner = StaffId("ownerId", command.OwnerId, errors, required: true);
        var due = ParseDate("dueDate", command.DueDate, errors);
        var metric = ParseRequired<QualityMetric>("metric", command.Metric, errors);
        if (command.Baseline is { } baseline && !IsValidFigure(baseline))
        {
            errors.Add("baseline", $"The baseline field must be a number from -{ImprovementAction.MaxFigure:0} to {ImprovementAction.MaxFigure:0}.");
        }
        if (command.Target is { } target && !IsValidFigure(target))
        {
            errors.Add("target", $"The target field must be a number from -{ImprovementAction.MaxFigure:0} to {ImprovementAction.MaxFigure:0}.");
        }
        if (errors.Any)
        {
            return null;
        }
        return new ImprovementActionPlan(hallId!, title!, description, owner!, due!.Value, metric!.Value, command.Baseline, command.Target, meetingId, findingId);
    }

    private async Task<Outcome<ImprovementAction>> AddAsync(ImprovementActionPlan plan, CancellationToken cancellationToken)
    {
        var action = ImprovementAction.Create(ImprovementAction.NewId(), plan, callers.Current.Id, time.GetStoredUtcNow());
        db.ImprovementActions.Add(action);
        audit.Record(CreatedAction, RecordType, action.ActionId, after: Snapshot(action), hallId: action.HallId);
        await db.SaveChangesAsync(cancellationToken);
        LogCreated(action.ActionId, action.HallId);
        return Outcome<ImprovementAction>.Created(action);
    }

    private static bool Sees(HallCaller caller, ImprovementAction action) =>
        ManagesHall(caller, action.HallId)
        || (caller.Kind == CallerKind.Staff && string.Equals(action.OwnerId, caller.Id, StringComparison.Ordinal) && caller.CanSeeHall(action.HallId));

    private IQueryable<ImprovementAction> Visible(IQueryable<ImprovementAction> items, string? hallId)
    {
        var caller = callers.Current;
        if (hallId is not null)
        {
            return items.Where(a => a.HallId == hallId);
        }
        if (!caller.IsLimitedToHalls)
        {
            return items;
        }
        var halls = caller.Halls.ToList();
        return items.Where(a => halls.Contains(a.HallId));
    }

    /// <summary>The trail keeps facts and whether there are texts, never the free texts themselves.</summary>
    private static object Snapshot(ImprovementAction a) => new
    {
        a.HallId, a.OwnerId, dueDate = a.DueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), metric = a.Metric.ToWire(), a.Baseline, a.Target,
        a.MeetingId, a.FindingId, status = a.Status.ToWire(), hasDescription = a.Description is not null, hasResult = a.Result is not null,
    };

    private static Outcome<T> ManagersOnly<T>() =>
        Outcome<T>.Forbidden("Quality managers only.", "Improvement actions are managed by quality analysts, supervisors and administrators of their hall.");

    private static Outcome<ImprovementAction> NotFound(string actionId) => Outcome<ImprovementAction>.NotFoundById("Improvement action", actionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Improvement action {ActionId} created at hall {HallId}")]
    private partial void LogCreated(string actionId, string hallId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Improvement action {ActionId}: {From} -> {To}")]
    private partial void LogStatusChanged(string actionId, ImprovementActionStatus from, ImprovementActionStatus to);
}
