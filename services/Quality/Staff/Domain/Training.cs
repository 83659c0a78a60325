using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace HallPlatform.Quality.Staff.Domain;

/// <summary>The subject of a training course.</summary>
public enum TrainingTopic
{
    [JsonStringEnumMemberName("business-knowledge")]
    BusinessKnowledge,

    [JsonStringEnumMemberName("service-skills")]
    ServiceSkills,

    [JsonStringEnumMemberName("rules-discipline")]
    RulesDiscipline,

    [JsonStringEnumMemberName("privacy")]
    Privacy,
}

/// <summary>What call-next does with a ticket of a service type whose required training the counter agent lacks.</summary>
public enum RequirementMode
{
    /// <summary>The ticket is not given to the untrained agent.</summary>
    [JsonStringEnumMemberName("block")]
    Block,

    /// <summary>The ticket is given, with a warning.</summary>
    [JsonStringEnumMemberName("warn")]
    Warn,
}

/// <summary>A training course: topic, whether everyone must hold it, how long a pass stays valid, the pass mark.</summary>
public sealed partial class TrainingCourse
{
    public const int MaxCodeLength = 40;
    public const int MaxTitleLength = 200;
    public const int MaxRenewalMonths = 120;

    public required string CourseCode { get; init; }
    public required string Title { get; set; }
    public TrainingTopic Topic { get; set; }

    /// <summary>Every staff member must hold it (the overdue list).</summary>
    public bool Mandatory { get; set; }

    /// <summary>Months a pass stays valid (privacy: 12); null = it never expires.</summary>
    public int? RenewalMonths { get; set; }

    /// <summary>The score (0..100) an assessment needs to pass.</summary>
    public int PassMark { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public static bool IsValidCode(string? code) => code is not null && CodeShape().IsMatch(code);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,39}$", RegexOptions.CultureInvariant)]
    private static partial Regex CodeShape();
}

/// <summary>One training session of a course in a hall: when, who trained, how long, who attended.</summary>
public sealed class TrainingSession
{
    public const string IdPrefix = "trs_";
    public const int MaxTrainerLength = 100;
    public const int MaxAttendees = 200;
    public const decimal MaxHours = 24m;

    public required string SessionId { get; init; }
    public required string CourseCode { get; init; }
    public required string HallId { get; init; }
    public DateTimeOffset HeldAt { get; init; }
    public required string Trainer { get; init; }
    public decimal Hours { get; init; }
    public List<string> AttendeeStaffIds { get; init; } = [];
    public required string RecordedBy { get; init; }
    public DateTimeOffset RecordedAt { get; init; }

    public static string NewId() => IdPrefix + Guid.CreateVersion7().ToString("N");
}

/// <summary>An attendee's assessment at a session: score against the course's pass mark at the time.</summary>
public sealed class TrainingAssessment
{
    public const string IdPrefix = "tra_";

    public required string AssessmentId { get; init; }
    public required string SessionId { get; init; }
    public required string CourseCode { get; init; }
    public required string StaffId { get; init; }
    public required string HallId { get; init; }
    public int Score { get; init; }
    public int PassMark { get; init; }
    public bool Passed { get; init; }

    /// <summary>When the training took place (the session's time): validity counts from here.</summary>
    public DateTimeOffset CompletedAt { get; init; }
    public required string AssessedBy { get; init; }
    public DateTimeOffset AssessedAt { get; init; }

    public static string NewId() => IdPrefix + Guid.CreateVersion7().ToString("N");
}

/// <summary>The courses a staff member must hold (all of them, current) to serve one service type, and the mode.</summary>
public sealed class ServiceTypeRequirement
{
    public const int MaxServiceTypeLength = 40;
    public const int MaxCourses = 20;

    public required string ServiceType { get; init; }
    public List<string> CourseCodes { get; set; } = [];
    public RequirementMode Mode { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A staff member's standing in one course at an instant.</summary>
public sealed record CourseStanding(string CourseCode, DateTimeOffset? LastPassedAt, DateTimeOffset? ValidUntil, bool Current);

/// <summary>A service type the staff member may serve, and until when (null = no expiry).</summary>
public sealed record Qualification(string ServiceType, DateTimeOffset? ValidUntil);

/// <summary>
/// The training rules, pure: a pass counts from the session's time and stays valid for the course's renewal
/// interval (for ever without one); a course is current while a pass is valid; a service type's requirement is met
/// while every required course is current.
/// </summary>
public static class TrainingRules
{
    public static CourseStanding Standing(TrainingCourse course, IEnumerable<TrainingAssessment> assessmentsOfStaff, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(course);
        var lastPassed = assessmentsOfStaff.Where(a => a.Passed && a.CourseCode == course.CourseCode)
            .Select(a => (DateTimeOffset?)a.CompletedAt).Max();
        DateTimeOffset? validUntil = lastPassed is { } passed && course.RenewalMonths is { } months ? passed.AddMonths(months) : null;
        var current = lastPassed is not null && (validUntil is null || validUntil > now);
        return new CourseStanding(course.CourseCode, lastPassed, validUntil, current);
    }

    /// <summary>The mandatory courses that are missing or expired at <paramref name="now"/>.</summary>
    public static IReadOnlyList<CourseStanding> Overdue(IEnumerable<TrainingCourse> courses, IReadOnlyCollection<TrainingAssessment> assessmentsOfStaff, DateTimeOffset now) =>
        [.. courses.Where(c => c.Mandatory).OrderBy(c => c.CourseCode, StringComparer.Ordinal)
            .Select(c => Standing(c, assessmentsOfStaff, now)).Where(s => !s.Current)];

    /// <summary>The service types with a requirement that the staff member meets at <paramref name="now"/>.</summary>
    public static IReadOnlyList<Qualification> Qualifications(
        IEnumerable<ServiceTypeRequirement> requirements, IReadOnlyDictionary<string, TrainingCourse> courses,
        IReadOnlyCollection<TrainingAssessment> assessmentsOfStaff, DateTimeOffset now)
    {
        var result = new List<Qualification>();
        foreach (var requirement in requirements.OrderBy(r => r.ServiceType, StringComparer.Ordinal))
        {
            var standings = requirement.CourseCodes
                .Select(code => courses.TryGetValue(code, out var course) ? Standing(course, assessmentsOfStaff, now) : null)
                .ToList();
            if (standings.All(s => s is { Current: true }))
            {
                var expiries = standings.Where(s => s!.ValidUntil is not null).Select(s => s!.ValidUntil!.Value).ToList();
                result.Add(new Qualification(requirement.ServiceType, expiries.Count == 0 ? null : expiries.Min()));
            }
        }
        return result;
    }
}
