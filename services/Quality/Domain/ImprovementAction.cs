using System.Collections.Frozen;
using System.Text.Json.Serialization;

namespace HallPlatform.Quality.Domain;

/// <summary>The figures an improvement action may be expected to move (and a meeting may review), by code.</summary>
public enum QualityMetric
{
    [JsonStringEnumMemberName("csat")]
    Csat,

    [JsonStringEnumMemberName("nps")]
    Nps,

    [JsonStringEnumMemberName("fcr")]
    Fcr,

    [JsonStringEnumMemberName("waitingTimeAvg")]
    WaitingTimeAvg,

    [JsonStringEnumMemberName("waitingTimeP90")]
    WaitingTimeP90,

    [JsonStringEnumMemberName("serviceTimeAvg")]
    ServiceTimeAvg,

    [JsonStringEnumMemberName("noShowRate")]
    NoShowRate,

    [JsonStringEnumMemberName("serviceLevelShare")]
    ServiceLevelShare,

    [JsonStringEnumMemberName("faultRepairTime")]
    FaultRepairTime,

    [JsonStringEnumMemberName("faultSlaCompliance")]
    FaultSlaCompliance,

    [JsonStringEnumMemberName("complaintFirstResponseTime")]
    ComplaintFirstResponseTime,

    [JsonStringEnumMemberName("complaintResolutionTime")]
    ComplaintResolutionTime,

    [JsonStringEnumMemberName("complaint15DayCompliance")]
    Complaint15DayCompliance,

    [JsonStringEnumMemberName("followUpCoverage")]
    FollowUpCoverage,
}

public enum ImprovementActionStatus
{
    [JsonStringEnumMemberName("open")]
    Open,

    [JsonStringEnumMemberName("inProgress")]
    InProgress,

    [JsonStringEnumMemberName("done")]
    Done,

    [JsonStringEnumMemberName("verified")]
    Verified,

    [JsonStringEnumMemberName("cancelled")]
    Cancelled,
}

/// <summary>
/// An improvement action's lifecycle as an explicit table: open → inProgress → done → verified; done → inProgress when
/// the verification fails; open or inProgress → cancelled. Verified and cancelled are final. The action's owner may
/// take only the working steps (<see cref="OwnerMayMove"/>); the rest is the managers'.
/// </summary>
public static class ImprovementActionLifecycle
{
    private static readonly FrozenDictionary<ImprovementActionStatus, ImprovementActionStatus[]> AllowedNext =
        new Dictionary<ImprovementActionStatus, ImprovementActionStatus[]>
        {
            [ImprovementActionStatus.Open] = [ImprovementActionStatus.InProgress, ImprovementActionStatus.Cancelled],
            [ImprovementActionStatus.InProgress] = [ImprovementActionStatus.Done, ImprovementActionStatus.Cancelled],
            [ImprovementActionStatus.Done] = [ImprovementActionStatus.Verified, ImprovementActionStatus.InProgress],
            [ImprovementActionStatus.Verified] = [],
            [ImprovementActionStatus.Cancelled] = [],
        }.ToFrozenDictionary();

    public static bool CanMove(ImprovementActionStatus from, ImprovementActionStatus to) => AllowedNext[from].Contains(to);

    public static IReadOnlyList<ImprovementActionStatus> NextStatuses(ImprovementActionStatus from) => AllowedNext[from];

    /// <summary>The owner's own steps: open → inProgress and inProgress → done.</summary>
    public static bool OwnerMayMove(ImprovementActionStatus from, ImprovementActionStatus to) =>
        (from, to) is (ImprovementActionStatus.Open, ImprovementActionStatus.InProgress) or (ImprovementActionStatus.InProgress, ImprovementActionStatus.Done);

    /// <summary>Statuses in which the action is still to be finished (and so can be overdue).</summary>
    public static bool IsPending(ImprovementActionStatus status) =>
        status is ImprovementActionStatus.Open or ImprovementActionStatus.InProgress;
}

/// <summary>One entry of an action's history: who did what when (creation has no From).</summary>
public sealed class ImprovementActionChange
{
    public ImprovementActionStatus? From { get; init; }
    public ImprovementActionStatus To { get; init; }
    public DateTimeOffset At { get; init; }
    public required string By { get; init; }
    public string? Note { get; init; }
}

/// <summary>An improvement action as created, already validated.</summary>
public sealed record ImprovementActionPlan(
    string HallId,
    string Title,
    string? Description,
    string OwnerId,
    DateOnly DueDate,
    QualityMetric Metric,
    double? Baseline,
    double? Target,
    string? MeetingId,
    string? FindingId);

/// <summary>
/// An improvement action (evaluation meetings, docs/quality.md): what is to be done in a hall, by whom (a staff id),
/// by when, and which figure it should move from what baseline to what target; its result when done, and its history.
/// </summary>
public sealed class ImprovementAction
{
    public const string IdPrefix = "act_";
    public const int MaxIdLength = 40;
    public const int MaxTitleLength = 200;
    public const int MaxDescriptionLength = 2000;
    public const int MaxResultLength = 2000;
    public const int MaxNoteLength = 1000;
    public const int MaxStaffIdLength = 128;

    /// <summary>Figures (baselines, targets, reviewed values) are bounded so no overflow or infinity is ever stored.</summary>
    public const double MaxFigure = 1_000_000_000;

    // For EF Core materialisation.
    private ImprovementAction()
    {
    }

    public string ActionId { get; private set; } = "";
    public string HallId { get; private set; } = "";
    public string Title { get; private set; } = "";
    public string? Description { get; private set; }
    public string OwnerId { get; private set; } = "";
    public DateOnly DueDate { get; private set; }
    public QualityMetric Metric { get; private set; }
    public double? Baseline { get; private set; }
    public double? Target { get; private set; }
    public string? MeetingId { get; private set; }
    public string? FindingId { get; private set; }
    public ImprovementActionStatus Status { get; private set; }
    public string? Result { get; private set; }
    public string CreatedBy { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset StatusChangedAt { get; private set; }
    public List<ImprovementActionChange> History { get; private set; } = [];

    public static string NewId() => IdPrefix + Guid.CreateVersion7().ToString("N");

    public static ImprovementAction Create(string actionId, ImprovementActionPlan plan, string by, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var action = new ImprovementAction
        {
            ActionId = actionId,
            HallId = plan.HallId,
            Title = plan.Title,
            Description = plan.Description,
            OwnerId = plan.OwnerId,
            DueDate = plan.DueDate,
            Metric = plan.Metric,
            Baseline = plan.Baseline,
            Target = plan.Target,
            MeetingId = plan.MeetingId,
            FindingId = plan.FindingId,
            Status = ImprovementActionStatus.Open,
            CreatedBy = by,
            CreatedAt = at,
            StatusChangedAt = at,
        };
        action.History.Add(new ImprovementActionChange { From = null, To = ImprovementActionStatus.Open, At = at, By = by });
        return action;
    }

    /// <summary>
    /// Overdue: still open or in progress and its due date is over, i.e. the UTC date of <paramref name="now"/> is after
    /// the due date (an action due today is not overdue yet).
    /// </summary>
    public static bool IsOverdue(ImprovementActionStatus status, DateOnly dueDate, DateTimeOffset now) =>
        ImprovementActionLifecycle.IsPending(status) && dueDate < DateOnly.FromDateTime(now.UtcDateTime);

    public bool IsOverdueAt(DateTimeOffset now) => IsOverdue(Status, DueDate, now);

    /// <summary>The first day on which an action due on <paramref name="dueDate"/> is overdue (for queries).</summary>
    public static DateOnly OverdueBefore(DateTimeOffset now) => DateOnly.FromDateTime(now.UtcDateTime);

    /// <summary>
    /// Moves the action when the lifecycle allows it, recording who, when and the note; a result given replaces the
    /// previous one. False (unchanged) when the move is not allowed.
    /// </summary>
    public bool MoveTo(ImprovementActionStatus to, string by, string? note, string? result, DateTimeOffset at)
    {
        if (!ImprovementActionLifecycle.CanMove(Status, to))
        {
            return false;
        }
        Result = result ?? Result;
        History.Add(new ImprovementActionChange { From = Status, To = to, At = at, By = by, Note = note });
        Status = to;
        StatusChangedAt = at;
        return true;
    }
}
