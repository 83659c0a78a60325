using System.ComponentModel.DataAnnotations;
using System.Globalization;
using HallPlatform.Application;
using HallPlatform.Audit;
using HallPlatform.Identity;
using HallPlatform.Quality.Data;
using HallPlatform.Quality.Domain;
using Microsoft.EntityFrameworkCore;

namespace HallPlatform.Quality.Application;

/// <summary>
/// A meeting to record. <c>Figures</c> (metric code → value) as reviewed; without them, <c>FiguresFrom</c> and
/// <c>FiguresTo</c> name the period whose survey figures (CSAT, NPS, FCR) are taken from Quality's own answers.
/// </summary>
public sealed record RecordEvaluationMeetingCommand(
    [property: Required, MaxLength(HallIds.MaxLength)] string? HallId,
    [property: Required, MaxLength(10)] string? HeldOn,
    [property: Required, MinLength(1), MaxLength(EvaluationMeeting.MaxParticipants)] IReadOnlyList<string>? Participants,
    IReadOnlyDictionary<string, double>? Figures,
    [property: MaxLength(40)] string? FiguresFrom,
    [property: MaxLength(40)] string? FiguresTo,
    [property: MaxLength(EvaluationMeeting.MaxFindings)] IReadOnlyList<string>? Findings);

/// <summary>
/// A meeting with the actions its findings raised, and what the hall's previous meeting's actions achieved (their
/// current status and result).
/// </summary>
public sealed record EvaluationMeetingView(
    EvaluationMeeting Meeting,
    IReadOnlyList<ImprovementAction> Actions,
    EvaluationMeeting? PreviousMeeting,
    IReadOnlyList<ImprovementAction> PreviousActions);

/// <summary>
/// Evaluation meetings (docs/quality.md): quality analysts, supervisors and administrators of the hall record and read
/// them; another hall's meeting answers like an unknown id. The figures snapshot is written once and never changed;
/// recording is audited.
/// </summary>
public sealed partial class EvaluationMeetings(
    QualityDbContext db, AuditTrail audit, IHallCallerAccessor callers, TimeProvider time, ILogger<EvaluationMeetings> logger)
{
    public const string RecordType = "evaluation-meeting";
    public const string RecordedAction = "evaluation-meeting.recorded";

    public async Task<Outcome<EvaluationMeetingView>> RecordAsync(RecordEvaluationMeetingCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var caller = callers.Current;
        if (!ImprovementActions.IsManager(caller))
        {
            return ManagersOnly<EvaluationMeetingView>();
        }
        var errors = new FieldErrors();
        var hallId = HallIds.Required("hallId", command.HallId, errors);
        var heldOn = ImprovementActions.ParseDate("heldOn", command.HeldOn, errors);
        var participants = Participants(command.Participants, errors);
        var findings = Findings(command.Findings, errors);
        var figuresFrom = InstantRange.Parse("figuresFrom", command.FiguresFrom, errors);
        var figuresTo = InstantRange.Parse("figuresTo", command.FiguresTo, errors);
        var given = GivenFigures(command.Figures, errors);
        if (command.Figures is null)
        {
            if (command.FiguresFrom is null)
            {
                errors.Add("figuresFrom", "The figuresFrom field is required when no figures are given: the period whose figures are reviewed.");
            }
            if (command.FiguresTo is null)
            {
                errors.Add("figuresTo", "The figuresTo field is required when no figures are given: the period whose figures are reviewed.");
            }
        }
        if (figuresFrom is { } start && figuresTo is { } end && start > end)
        {
            errors.Add("figuresFrom", "The figuresFrom field must not be later than the figuresTo field.");
        }
        if (errors.Any)
        {
            return Outcome<EvaluationMeetingView>.Invalid(errors.ToDictionary());
        }
        if (!caller.CanSeeHall(hallId!))
        {
            return Outcome<EvaluationMeetingView>.Forbidden("Not your hall.", $"Hall '{hallId}' is not one of this caller's halls.");
        }

        FigureSnapshot snapshot;
        if (given is not null)
        {
            snapshot = new FigureSnapshot(FigureSnapshot.FromCaller, figuresFrom, figuresTo, given);
        }
        else
        {
            var values = await StatisticsReports.HallFiguresAsync(db, hallId!, figuresFrom!.Value, figuresTo!.Value, time.GetUtcNow(), cancellationToken);
            snapshot = new FigureSnapshot(FigureSnapshot.FromStatistics, figuresFrom, figuresTo, values);
        }

        var meeting = EvaluationMeeting.Record(EvaluationMeeting.NewId(), hallId!, heldOn!.Value, participants!, snapshot, findings!, caller.Id, time.GetStoredUtcNow());
        db.EvaluationMeetings.Add(meeting);
        audit.Record(RecordedAction, RecordType, meeting.MeetingId, after: Snapshot(meeting), hallId: meeting.HallId);
        await db.SaveChangesAsync(cancellationToken);
        LogRecorded(meeting.MeetingId, meeting.HallId, meeting.Findings.Count);
        return Outcome<EvaluationMeetingView>.Created(await ViewAsync(meeting, cancellationToken));
    }

    /// <summary>The meeting, its actions, and the hall's previous meeting with its actions as they stand now.</summary>
    public async Task<Outcome<EvaluationMeetingView>> GetAsync(string meetingId, CancellationToken cancellationToken)
    {
        var meeting = await db.EvaluationMeetings.AsNoTracking().FirstOrDefaultAsync(m => m.MeetingId == meetingId, cancellationToken);
        if (meeting is null || !ImprovementActions.ManagesHall(callers.Current, meeting.HallId))
        {
            return Outcome<EvaluationMeetingView>.NotFoundById("Evaluation meeting", meetingId);
        }
        return Outcome<EvaluationMeetingView>.Ok(await ViewAsync(meeting, cancellationToken));
    }

    /// <summary>Meetings of the caller's halls (or <paramref name="hallId"/>), the latest first.</summary>
    public async Task<Outcome<ResultPage<EvaluationMeeting>>> ListAsync(string? hallId, PageRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        var caller = callers.Current;
        if (!ImprovementActions.IsManager(caller))
        {
            return ManagersOnly<ResultPage<EvaluationMeeting>>();
        }
        if (hallId is not null && !caller.CanSeeHall(hallId))
        {
            return Outcome<ResultPage<EvaluationMeeting>>.Forbidden("Not your hall.", $"Hall '{hallId}' is not one of this caller's halls.");
        }
        IQueryable<EvaluationMeeting> meetings = db.EvaluationMeetings.AsNoTracking();
        if (hallId is not null)
        {
            meetings = meetings.Where(m => m.HallId == hallId);
        }
        else if (caller.IsLimitedToHalls)
        {
            var halls = caller.Halls.ToList();
            meetings = meetings.Where(m => halls.Contains(m.HallId));
        }
        var total = await meetings.CountAsync(cancellationToken);
        var items = await meetings.OrderByDescending(m => m.HeldOn).ThenByDescending(m => m.RecordedAt).ThenByDescending(m => m.MeetingId)
            .Skip(page.Skip).Take(page.PageSize).ToListAsync(cancellationToken);
        return Outcome<ResultPage<EvaluationMeeting>>.Ok(page.Of<EvaluationMeeting>(items, total));
    }

    private async Task<EvaluationMeetingView> ViewAsync(EvaluationMeeting meeting, CancellationToken cancellationToken)
    {
        var actions = await ActionsOfAsync(meeting.MeetingId, cancellationToken);
        // The previous meeting: the same hall's latest one held before this one (same day: recorded before it).
        var previous = await db.EvaluationMeetings.AsNoTracking()
            .Where(m => m.HallId == meeting.HallId && m.MeetingId != meeting.MeetingId
                && (m.HeldOn < meeting.HeldOn || (m.HeldOn == meeting.HeldOn && m.RecordedAt < meeting.RecordedAt)))
            .OrderByDescending(m => m.HeldOn).ThenByDescending(m => m.RecordedAt).ThenByDescending(m => m.MeetingId)
            .FirstOrDefaultAsync(cancellationToken);
        var previousActions = previous is null ? [] : await ActionsOfAsync(previous.MeetingId, cancellationToken);
        return new EvaluationMeetingView(meeting, actions, previous, previousActions);
    }

    private async Task<IReadOnlyList<ImprovementAction>> ActionsOfAsync(string meetingId, CancellationToken cancellationToken) =>
        await db.ImprovementActions.AsNoTracking().Where(a => a.MeetingId == meetingId)
            .OrderBy(a => a.CreatedAt).ThenBy(a => a.ActionId).ToListAsync(cancellationToken);

    private static List<string>? Participants(IReadOnlyList<string>? given, FieldErrors errors)
    {
        if (given is null || given.Count == 0)
        {
            errors.Add("participants", "The participants field is required: the staff ids of those who took part.");
            return null;
        }
        if (given.Count > EvaluationMeeting.MaxParticipants)
        {
            errors.Add("participants", $"The participants field must list at most {EvaluationMeeting.MaxParticipants} staff ids.");
            return null;
        }
        var ids = new List<string>();
        foreach (var text in given)
        {
            var check = new FieldErrors();
            var id = ImprovementActions.StaffId("participants", text, check, required: true);
            if (id is null)
            {
                errors.Add("participants", $"Every participant must be a staff id of 1 to {ImprovementAction.MaxStaffIdLength} characters without spaces.");
                return null;
            }
            if (!ids.Contains(id, StringComparer.Ordinal))
            {
                ids.Add(id);
            }
        }
        return ids;
    }

    private static List<string>? Findings(IReadOnlyList<string>? given, FieldErrors errors)
    {
        if (given is null)
        {
            return [];
        }
        if (given.Count > EvaluationMeeting.MaxFindings)
        {
            errors.Add("findings", $"The findings field must list at most {EvaluationMeeting.MaxFindings} findings.");
            return null;
        }
        var texts = new List<string>();
        foreach (var text in given)
        {
            if (string.IsNullOrWhiteSpace(text) || text.Trim().Length > EvaluationFinding.MaxTextLength)
            {
                errors.Add("findings", $"Every finding must be a text of 1 to {EvaluationFinding.MaxTextLength} characters.");
                return null;
            }
            texts.Add(text.Trim());
        }
        return texts;
    }

    private static Dictionary<QualityMetric, double>? GivenFigures(IReadOnlyDictionary<string, double>? given, FieldErrors errors)
    {
        if (given is null)
        {
            return null;
        }
        var values = new Dictionary<QualityMetric, double>();
        foreach (var (code, value) in given)
        {
            if (!WireNames<QualityMetric>.TryParse(code, out var metric))
            {
                errors.Add("figures", $"Unknown metric code '{Shorten(code)}'; use: {string.Join(", ", WireNames<QualityMetric>.All)}.");
                continue;
            }
            if (!ImprovementActions.IsValidFigure(value))
            {
                errors.Add("figures", $"The value of '{code}' must be a number from -{ImprovementAction.MaxFigure:0} to {ImprovementAction.MaxFigure:0}.");
                continue;
            }
            values[metric] = value;
        }
        return values;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";


    /// <summary>The trail keeps ids, the date, participants and figures; not the findings' texts.</summary>
    private static object Snapshot(EvaluationMeeting m) => new
    {
        m.HallId, heldOn = m.HeldOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), m.Participants, m.FiguresSource, m.Figures,
        findings = m.Findings.Select(f => f.FindingId).ToArray(),
    };

    private static Outcome<T> ManagersOnly<T>() =>
        Outcome<T>.Forbidden("Quality managers only.", "Evaluation meetings are recorded by quality analysts, supervisors and administrators of their hall.");

    [LoggerMessage(Level = LogLevel.Information, Message = "Evaluation meeting {MeetingId} recorded at hall {HallId} with {Findings} findings")]
    private partial void LogRecorded(string meetingId, string hallId, int findings);
}
