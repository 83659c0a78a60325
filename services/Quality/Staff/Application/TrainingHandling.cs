using System.ComponentModel.DataAnnotations;
using HallPlatform.Application;
using HallPlatform.Audit;
using HallPlatform.Identity;
using HallPlatform.Quality.Data;
using HallPlatform.Quality.Staff.Data;
using HallPlatform.Quality.Staff.Domain;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace HallPlatform.Quality.Staff.Application;

public sealed record PutTrainingCourseCommand(
    [property: Required, MaxLength(TrainingCourse.MaxTitleLength)] string? Title,
    [property: Required, WireEnum<TrainingTopic>] string? Topic,
    [property: Required] bool? Mandatory,
    [property: Range(1, TrainingCourse.MaxRenewalMonths)] int? RenewalMonths,
    [property: Required, Range(0, 100)] int? PassMark);

public sealed record RecordTrainingSessionCommand(
    [property: Required, MaxLength(TrainingCourse.MaxCodeLength)] string? CourseCode,
    [property: Required, MaxLength(HallIds.MaxLength)] string? HallId,
    [property: Required] DateTimeOffset? HeldAt,
    [property: Required, MaxLength(TrainingSession.MaxTrainerLength)] string? Trainer,
    [property: Required, Range(0.25, 24)] decimal? Hours,
    [property: Required, MinLength(1), MaxLength(TrainingSession.MaxAttendees)] IReadOnlyList<string?>? AttendeeStaffIds);

public sealed record RecordAssessmentCommand(
    [property: Required, MaxLength(StaffMember.MaxIdLength)] string? StaffId,
    [property: Required, Range(0, 100)] int? Score);

public sealed record PutRequirementCommand(
    [property: Required, MinLength(1), MaxLength(ServiceTypeRequirement.MaxCourses)] IReadOnlyList<string?>? CourseCodes,
    [property: Required, WireEnum<RequirementMode>] string? Mode);

/// <summary>A session with its assessments.</summary>
public sealed record SessionView(TrainingSession Session, IReadOnlyList<TrainingAssessment> Assessments);

/// <summary>A staff member's training record: standing per course, and every assessment.</summary>
public sealed record TrainingRecordView(string StaffId, IReadOnlyList<(TrainingCourse Course, CourseStanding Standing)> Courses, IReadOnlyList<TrainingAssessment> Assessments);

/// <summary>One staff member overdue for one mandatory course.</summary>
public sealed record OverdueItem(string StaffId, string DisplayName, string CourseCode, DateTimeOffset? LastPassedAt, DateTimeOffset? ExpiredAt);

/// <summary>
/// Training and assessment: courses and service-type requirements (managers keep them, any staff reads them),
/// sessions and assessments of a hall (its managers), a staff member's record (their halls' managers, or
/// themselves), the overdue list, and the qualifications other services read. Every change is audited; a change that
/// can move anyone's qualifications records <c>quality.staff.qualificationsChanged</c> in the same SaveChanges.
/// </summary>
public sealed partial class TrainingHandling(
    QualityDbContext db, AuditTrail audit, IHallCallerAccessor callers, TimeProvider time, StaffQualifications qualifications, ILogger<TrainingHandling> logger)
{
    public const string CourseRecordType = "training-course";
    public const string SessionRecordType = "training-session";
    public const string AssessmentRecordType = "training-assessment";
    public const string RequirementRecordType = "service-type-requirement";

    public async Task<Outcome<TrainingCourse>> PutCourseAsync(string courseCode, PutTrainingCourseCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (!StaffAccess.IsManager(callers.Current))
        {
            return ManagersOnly<TrainingCourse>();
        }
        var errors = new FieldErrors();
        CheckCode("courseCode", courseCode, errors);
        var title = errors.RequiredText("title", command.Title, TrainingCourse.MaxTitleLength);
        var topic = ConductRegister.ParseRequired<TrainingTopic>("topic", command.Topic, errors);
        if (command.Mandatory is null)
        {
            errors.Add("mandatory", "The mandatory field is required.");
        }
        if (command.RenewalMonths is < 1 or > TrainingCourse.MaxRenewalMonths)
        {
            errors.Add("renewalMonths", $"The renewalMonths field must be from 1 to {TrainingCourse.MaxRenewalMonths}, or left out when a pass never expires.");
        }
        if (command.PassMark is not { } passMark || passMark is < 0 or > 100)
        {
            errors.Add("passMark", "The passMark field is required, from 0 to 100.");
        }
        if (errors.Any)
        {
            return Outcome<TrainingCourse>.Invalid(errors.ToDictionary());
        }
        var now = time.GetStoredUtcNow();
        var course = await db.Set<TrainingCourse>().FirstOrDefaultAsync(c => c.CourseCode == courseCode, cancellationToken);
        var created = course is null;
        var before = course is null ? null : Snapshot(course);
        course ??= db.Set<TrainingCourse>().Add(new TrainingCourse { CourseCode = courseCode, Title = title! }).Entity;
        course.Title = title!;
        course.Topic = topic!.Value;
        course.Mandatory = command.Mandatory!.Value;
        course.RenewalMonths = command.RenewalMonths;
        course.PassMark = command.PassMark!.Value;
        if (!created && Snapshot(course).Equals(before))
        {
            return Outcome<TrainingCourse>.Ok(course);
        }
        course.UpdatedAt = now;
        audit.Record(created ? "training-course.created" : "training-course.updated", CourseRecordType, courseCode, before: before, after: Snapshot(course));
        // A new renewal interval can end or restore anyone's qualification.
        await qualifications.RecordChangedForEveryoneAsync(cancellationToken);
        return await SaveAsync(created ? Outcome<TrainingCourse>.Created(course) : Outcome<TrainingCourse>.Ok(course), $"Course {courseCode}", cancellationToken);
    }

    public async Task<Outcome<IReadOnlyList<TrainingCourse>>> ListCoursesAsync(CancellationToken cancellationToken)
    {
        if (!StaffAccess.MayReadRegister(callers.Current))
        {
            return StaffOnly<IReadOnlyList<TrainingCourse>>();
        }
        return Outcome<IReadOnlyList<TrainingCourse>>.Ok(await db.Set<TrainingCourse>().AsNoTracking().OrderBy(c => c.CourseCode).ToListAsync(cancellationToken));
    }

    public async Task<Outcome<SessionView>> RecordSessionAsync(RecordTrainingSessionCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var caller = callers.Current;
        if (!StaffAccess.IsManager(caller))
        {
            return ManagersOnly<SessionView>();
        }
        var errors = new FieldErrors();
        var courseCode = errors.RequiredText("courseCode", command.CourseCode, TrainingCourse.MaxCodeLength);
        var hallId = HallIds.Required("hallId", command.HallId, errors);
        var trainer = errors.RequiredText("trainer", command.Trainer, TrainingSession.MaxTrainerLength);
        if (command.HeldAt is null)
        {
            errors.Add("heldAt", "The heldAt field is required.");
        }
        else if (InstantRange.Check("heldAt", command.HeldAt, errors) && command.HeldAt > time.GetUtcNow().AddDays(1))
        {
            errors.Add("heldAt", "The heldAt field must not be in the future: record a session once it took place.");
        }
        if (command.Hours is not { } hours || hours <= 0 || hours > TrainingSession.MaxHours)
        {
            errors.Add("hours", $"The hours field is required, more than 0 and at most {TrainingSession.MaxHours}.");
        }
        var attendees = new SortedSet<string>(StringComparer.Ordinal);
        if (command.AttendeeStaffIds is not { Count: > 0 and <= TrainingSession.MaxAttendees } listed)
        {
            errors.Add("attendeeStaffIds", $"The attendeeStaffIds field must list 1 to {TrainingSession.MaxAttendees} staff ids.");
        }
        else
        {
            foreach (var id in listed)
            {
                if (StaffDirectory.CheckId("attendeeStaffIds", id, errors))
                {
                    attendees.Add(id!);
                }
            }
        }
        if (errors.Any)
        {
            return Outcome<SessionView>.Invalid(errors.ToDictionary());
        }
        if (!caller.CanSeeHall(hallId!))
        {
            return Outcome<SessionView>.Forbidden("Not your hall.", $"Hall '{hallId}' is not one of this caller's halls.");
        }
        if (!await db.Set<TrainingCourse>().AnyAsync(c => c.CourseCode == courseCode, cancellationToken))
        {
            return Outcome<SessionView>.Invalid("courseCode", $"There is no training course '{courseCode}'.");
        }
        var ids = attendees.ToList();
        var registered = await db.Set<StaffMember>().AsNoTracking().Where(s => ids.Contains(s.StaffId) && s.HallIds.Contains(hallId!))
            .Select(s => s.StaffId).ToListAsync(cancellationToken);
        if (ids.Except(registered, StringComparer.Ordinal).FirstOrDefault() is { } stranger)
        {
            return Outcome<SessionView>.Invalid("attendeeStaffIds", $"Staff member {stranger} is not registered in hall '{hallId}'.");
        }
        var session = new TrainingSession
        {
            SessionId = TrainingSession.NewId(), CourseCode = courseCode!, HallId = hallId!, HeldAt = command.HeldAt!.Value.ToUniversalTime().ToStoredPrecision(),
            Trainer = trainer!, Hours = command.Hours!.Value, AttendeeStaffIds = ids, RecordedBy = caller.Id, RecordedAt = time.GetStoredUtcNow(),
        };
        db.Set<TrainingSession>().Add(session);
        audit.Record("training-session.recorded", SessionRecordType, session.SessionId,
            after: new { session.CourseCode, session.HallId, session.HeldAt, session.Hours, attendees = session.AttendeeStaffIds }, hallId: session.HallId);
        await db.SaveChangesAsync(cancellationToken);
        LogSessionRecorded(session.SessionId, session.CourseCode, session.HallId);
        return Outcome<SessionView>.Created(new SessionView(session, []));
    }

    public async Task<Outcome<SessionView>> GetSessionAsync(string sessionId, CancellationToken cancellationToken)
    {
        var caller = callers.Current;
        if (!StaffAccess.IsManager(caller))
        {
            return ManagersOnly<SessionView>();
        }
        var session = await db.Set<TrainingSession>().AsNoTracking().FirstOrDefaultAsync(s => s.SessionId == sessionId, cancellationToken);
        if (session is null || !caller.CanSeeHall(session.HallId))
        {
            return Outcome<SessionView>.NotFoundById("Training session", sessionId);
        }
        var assessments = await db.Set<TrainingAssessment>().AsNoTracking().Where(a => a.SessionId == sessionId).OrderBy(a => a.StaffId).ToListAsync(cancellationToken);
        return Outcome<SessionView>.Ok(new SessionView(session, assessments));
    }

    /// <summary>Records an attendee's assessment: passed when the score reaches the course's pass mark. One per attendee and session.</summary>
    public async Task<Outcome<TrainingAssessment>> RecordAssessmentAsync(string sessionId, RecordAssessmentCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var caller = callers.Current;
        if (!StaffAccess.IsManager(caller))
        {
            return ManagersOnly<TrainingAssessment>();
        }
        var errors = new FieldErrors();
        StaffDirectory.CheckId("staffId", command.StaffId, errors);
        if (command.Score is not { } score || score is < 0 or > 100)
        {
            errors.Add("score", "The score field is required, from 0 to 100.");
        }
        if (errors.Any)
        {
            return Outcome<TrainingAssessment>.Invalid(errors.ToDictionary());
        }
        var session = await db.Set<TrainingSession>().AsNoTracking().FirstOrDefaultAsync(s => s.SessionId == sessionId, cancellationToken);
        if (session is null || !caller.CanSeeHall(session.HallId))
        {
            return Outcome<TrainingAssessment>.NotFoundById("Training session", sessionId);
        }
        if (!session.AttendeeStaffIds.Contains(command.StaffId!, StringComparer.Ordinal))
        {
            return Outcome<TrainingAssessment>.Invalid("staffId", $"Staff member {command.StaffId} did not attend session {sessionId}.");
        }
        var course = await db.Set<TrainingCourse>().AsNoTracking().FirstAsync(c => c.CourseCode == session.CourseCode, cancellationToken);
        var member = await db.Set<StaffMember>().AsNoTracking().FirstAsync(s => s.StaffId == command.StaffId, cancellationToken);
        var assessment = new TrainingAssessment
        {
            AssessmentId = TrainingAssessment.NewId(), SessionId = sessionId, CourseCode = session.CourseCode, StaffId = command.StaffId!, HallId = session.HallId,
            Score = command.Score!.Value, PassMark = course.PassMark, Passed = command.Score >= course.PassMark, CompletedAt = session.HeldAt,
            AssessedBy = caller.Id, AssessedAt = time.GetStoredUtcNow(),
        };
        db.Set<TrainingAssessment>().Add(assessment);
        audit.Record("training-assessment.recorded", AssessmentRecordType, assessment.AssessmentId,
            after: new { assessment.SessionId, assessment.CourseCode, assessment.StaffId, assessment.Score, assessment.PassMark, assessment.Passed }, hallId: session.HallId);
        if (assessment.Passed)
        {
            await qualifications.RecordChangedAsync([(member.StaffId, member.HallIds)], cancellationToken);
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: StaffModel.AssessmentIndexName })
        {
            db.ChangeTracker.Clear();
            return Outcome<TrainingAssessment>.Conflict("Already assessed.", $"Staff member {command.StaffId} already has an assessment for session {sessionId}.");
        }
        LogAssessed(assessment.AssessmentId, sessionId, assessment.Passed);
        return Outcome<TrainingAssessment>.Created(assessment);
    }

    /// <summary>A staff member's record: their halls' managers, or the staff member themselves.</summary>
    public async Task<Outcome<TrainingRecordView>> RecordOfAsync(string staffId, CancellationToken cancellationToken)
    {
        var caller = callers.Current;
        var member = StaffMember.IsValidId(staffId)
            ? await db.Set<StaffMember>().AsNoTracking().FirstOrDefaultAsync(s => s.StaffId == staffId, cancellationToken)
            : null;
        var self = caller.Kind == CallerKind.Staff && string.Equals(caller.Id, staffId, StringComparison.Ordinal);
        if (!self && !StaffAccess.IsManager(caller))
        {
            return ManagersOnly<TrainingRecordView>();
        }
        if (member is null || (!self && !member.HallIds.Any(caller.CanSeeHall)))
        {
            return Outcome<TrainingRecordView>.NotFoundById("Staff member", staffId);
        }
        var now = time.GetStoredUtcNow();
        var courses = await db.Set<TrainingCourse>().AsNoTracking().OrderBy(c => c.CourseCode).ToListAsync(cancellationToken);
        var assessments = await db.Set<TrainingAssessment>().AsNoTracking().Where(a => a.StaffId == staffId)
            .OrderByDescending(a => a.CompletedAt).ToListAsync(cancellationToken);
        return Outcome<TrainingRecordView>.Ok(new TrainingRecordView(staffId,
            [.. courses.Select(c => (c, TrainingRules.Standing(c, assessments, now)))], assessments));
    }

    /// <summary>Staff of the caller's halls (or one hall) missing or out of date on a mandatory course, now.</summary>
    public async Task<Outcome<IReadOnlyList<OverdueItem>>> OverdueAsync(string? hallId, CancellationToken cancellationToken)
    {
        var caller = callers.Current;
        if (!StaffAccess.IsManager(caller))
        {
            return ManagersOnly<IReadOnlyList<OverdueItem>>();
        }
        if (hallId is not null && !caller.CanSeeHall(hallId))
        {
            return Outcome<IReadOnlyList<OverdueItem>>.Forbidden("Not your hall.", $"Hall '{hallId}' is not one of this caller's halls.");
        }
        var staff = db.Set<StaffMember>().AsNoTracking();
        if (hallId is not null)
        {
            staff = staff.Where(s => s.HallIds.Contains(hallId));
        }
        else if (caller.IsLimitedToHalls)
        {
            var halls = caller.Halls.ToList();
            staff = staff.Where(s => s.HallIds.Any(h => halls.Contains(h)));
        }
        var members = await staff.OrderBy(s => s.StaffId).ToListAsync(cancellationToken);
        var mandatory = await db.Set<TrainingCourse>().AsNoTracking().Where(c => c.Mandatory).ToListAsync(cancellationToken);
        var ids = members.Select(m => m.StaffId).ToList();
        var passes = (await db.Set<TrainingAssessment>().AsNoTracking().Where(a => a.Passed && ids.Contains(a.StaffId)).ToListAsync(cancellationToken))
            .ToLookup(a => a.StaffId, StringComparer.Ordinal);
        var now = time.GetStoredUtcNow();
        var overdue = members.SelectMany(m => TrainingRules.Overdue(mandatory, [.. passes[m.StaffId]], now)
            .Select(s => new OverdueItem(m.StaffId, m.DisplayName, s.CourseCode, s.LastPassedAt, s.ValidUntil))).ToList();
        return Outcome<IReadOnlyList<OverdueItem>>.Ok(overdue);
    }

    public async Task<Outcome<ServiceTypeRequirement>> PutRequirementAsync(string serviceType, PutRequirementCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (!StaffAccess.IsManager(callers.Current))
        {
            return ManagersOnly<ServiceTypeRequirement>();
        }
        var errors = new FieldErrors();
        CheckCode("serviceType", serviceType, errors);
        var mode = ConductRegister.ParseRequired<RequirementMode>("mode", command.Mode, errors);
        var codes = new SortedSet<string>(StringComparer.Ordinal);
        if (command.CourseCodes is not { Count: > 0 and <= ServiceTypeRequirement.MaxCourses } listed)
        {
            errors.Add("courseCodes", $"The courseCodes field must list 1 to {ServiceTypeRequirement.MaxCourses} course codes.");
        }
        else
        {
            foreach (var code in listed)
            {
                if (CheckCode("courseCodes", code, errors))
                {
                    codes.Add(code!);
                }
            }
        }
        if (errors.Any)
        {
            return Outcome<ServiceTypeRequirement>.Invalid(errors.ToDictionary());
        }
        var wanted = codes.ToList();
        var known = await db.Set<TrainingCourse>().Where(c => wanted.Contains(c.CourseCode)).Select(c => c.CourseCode).ToListAsync(cancellationToken);
        if (wanted.Except(known, StringComparer.Ordinal).FirstOrDefault() is { } unknown)
        {
            return Outcome<ServiceTypeRequirement>.Invalid("courseCodes", $"There is no training course '{unknown}'.");
        }
        var requirement = await db.Set<ServiceTypeRequirement>().FirstOrDefaultAsync(r => r.ServiceType == serviceType, cancellationToken);
        var created = requirement is null;
        var before = requirement is null ? null : new { courseCodes = requirement.CourseCodes.ToList(), mode = requirement.Mode.ToWire() };
        if (requirement is not null && requirement.Mode == mode && requirement.CourseCodes.SequenceEqual(wanted, StringComparer.Ordinal))
        {
            return Outcome<ServiceTypeRequirement>.Ok(requirement);
        }
        requirement ??= db.Set<ServiceTypeRequirement>().Add(new ServiceTypeRequirement { ServiceType = serviceType }).Entity;
        requirement.CourseCodes = wanted;
        requirement.Mode = mode!.Value;
        requirement.UpdatedAt = time.GetStoredUtcNow();
        audit.Record(created ? "service-type-requirement.created" : "service-type-requirement.updated", RequirementRecordType, serviceType,
            before: before, after: new { courseCodes = wanted, mode = requirement.Mode.ToWire() });
        await qualifications.RecordChangedForEveryoneAsync(cancellationToken);
        return await SaveAsync(created ? Outcome<ServiceTypeRequirement>.Created(requirement) : Outcome<ServiceTypeRequirement>.Ok(requirement),
            $"Requirement {serviceType}", cancellationToken);
    }

    public async Task<Outcome<IReadOnlyList<ServiceTypeRequirement>>> ListRequirementsAsync(CancellationToken cancellationToken)
    {
        if (!StaffAccess.MayReadRegister(callers.Current))
        {
            return StaffOnly<IReadOnlyList<ServiceTypeRequirement>>();
        }
        return Outcome<IReadOnlyList<ServiceTypeRequirement>>.Ok(
            await db.Set<ServiceTypeRequirement>().AsNoTracking().OrderBy(r => r.ServiceType).ToListAsync(cancellationToken));
    }

    /// <summary>The service types the staff member may serve now; anyone who sees the register entry.</summary>
    public async Task<Outcome<StaffQualificationsView>> QualificationsAsync(string staffId, CancellationToken cancellationToken)
    {
        var caller = callers.Current;
        if (!StaffAccess.MayReadRegister(caller))
        {
            return StaffOnly<StaffQualificationsView>();
        }
        var errors = new FieldErrors();
        if (!StaffDirectory.CheckId("staffId", staffId, errors))
        {
            return Outcome<StaffQualificationsView>.Invalid(errors.ToDictionary());
        }
        var member = await db.Set<StaffMember>().AsNoTracking().FirstOrDefaultAsync(s => s.StaffId == staffId, cancellationToken);
        if (member is null || !StaffAccess.SeesStaffOf(caller, member.HallIds))
        {
            return Outcome<StaffQualificationsView>.NotFoundById("Staff member", staffId);
        }
        return Outcome<StaffQualificationsView>.Ok(await qualifications.ForAsync(member.StaffId, member.HallIds, cancellationToken));
    }

    public static bool CheckCode(string field, string? code, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (TrainingCourse.IsValidCode(code))
        {
            return true;
        }
        errors.Add(field, $"The {field} field must be 1 to {TrainingCourse.MaxCodeLength} lower-case letters, digits or '-', starting with a letter or digit.");
        return false;
    }

    private async Task<Outcome<T>> SaveAsync<T>(Outcome<T> success, string what, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (exception is DbUpdateConcurrencyException
            || exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            db.ChangeTracker.Clear();
            return Outcome<T>.Conflict("Changed concurrently.", $"{what} was changed by another request. Read it again and retry.");
        }
        return success;
    }

    private static CourseSnapshot Snapshot(TrainingCourse course) =>
        new(course.Title, course.Topic.ToWire(), course.Mandatory, course.RenewalMonths, course.PassMark);

    private sealed record CourseSnapshot(string Title, string Topic, bool Mandatory, int? RenewalMonths, int PassMark);

    private static Outcome<T> ManagersOnly<T>() =>
        Outcome<T>.Forbidden("Managers only.", "Training records are kept by supervisors and administrators.");

    private static Outcome<T> StaffOnly<T>() =>
        Outcome<T>.Forbidden("Staff and services only.", "This is read by staff and services only.");

    [LoggerMessage(Level = LogLevel.Information, Message = "Training session {SessionId} of {CourseCode} recorded at hall {HallId}")]
    private partial void LogSessionRecorded(string sessionId, string courseCode, string hallId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Assessment {AssessmentId} recorded for session {SessionId}: passed {Passed}")]
    private partial void LogAssessed(string assessmentId, string sessionId, bool passed);
}
