using HallPlatform.Application;
using HallPlatform.Quality.Staff.Application;
using HallPlatform.Quality.Staff.Domain;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HallPlatform.Quality.Staff.Api;

public sealed record TrainingCourseResource(
    string CourseCode, string Title, [property: WireEnum<TrainingTopic>] string Topic, bool Mandatory, int? RenewalMonths, int PassMark, DateTimeOffset UpdatedAt)
{
    public static TrainingCourseResource From(TrainingCourse course)
    {
        ArgumentNullException.ThrowIfNull(course);
        return new(course.CourseCode, course.Title, course.Topic.ToWire(), course.Mandatory, course.RenewalMonths, course.PassMark, course.UpdatedAt);
    }
}

public sealed record TrainingAssessmentResource(
    string AssessmentId, string SessionId, string CourseCode, string StaffId, string HallId, int Score, int PassMark, bool Passed,
    DateTimeOffset CompletedAt, string AssessedBy, DateTimeOffset AssessedAt)
{
    public static TrainingAssessmentResource From(TrainingAssessment a)
    {
        ArgumentNullException.ThrowIfNull(a);
        return new(a.AssessmentId, a.SessionId, a.CourseCode, a.StaffId, a.HallId, a.Score, a.PassMark, a.Passed, a.CompletedAt, a.AssessedBy, a.AssessedAt);
    }
}

public sealed record TrainingSessionResource(
    string SessionId, string CourseCode, string HallId, DateTimeOffset HeldAt, string Trainer, decimal Hours, IReadOnlyList<string> AttendeeStaffIds,
    string RecordedBy, DateTimeOffset RecordedAt, IReadOnlyList<TrainingAssessmentResource> Assessments)
{
    public static TrainingSessionResource From(SessionView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var s = view.Session;
        return new(s.SessionId, s.CourseCode, s.HallId, s.HeldAt, s.Trainer, s.Hours, [.. s.AttendeeStaffIds], s.RecordedBy, s.RecordedAt,
            [.. view.Assessments.Select(TrainingAssessmentResource.From)]);
    }
}

public sealed record CourseStandingResource(
    string CourseCode, string Title, [property: WireEnum<TrainingTopic>] string Topic, bool Mandatory, DateTimeOffset? LastPassedAt, DateTimeOffset? ValidUntil, bool Current);

public sealed record TrainingRecordResource(string StaffId, IReadOnlyList<CourseStandingResource> Courses, IReadOnlyList<TrainingAssessmentResource> Assessments)
{
    public static TrainingRecordResource From(TrainingRecordView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new(view.StaffId,
            [.. view.Courses.Select(c => new CourseStandingResource(c.Course.CourseCode, c.Course.Title, c.Course.Topic.ToWire(), c.Course.Mandatory,
                c.Standing.LastPassedAt, c.Standing.ValidUntil, c.Standing.Current))],
            [.. view.Assessments.Select(TrainingAssessmentResource.From)]);
    }
}

public sealed record OverdueTrainingResource(IReadOnlyList<OverdueItem> Items, DateTimeOffset At);

public sealed record ServiceTypeRequirementResource(string ServiceType, IReadOnlyList<string> CourseCodes, [property: WireEnum<RequirementMode>] string Mode, DateTimeOffset UpdatedAt)
{
    public static ServiceTypeRequirementResource From(ServiceTypeRequirement requirement)
    {
        ArgumentNullException.ThrowIfNull(requirement);
        return new(requirement.ServiceType, [.. requirement.CourseCodes], requirement.Mode.ToWire(), requirement.UpdatedAt);
    }
}

public sealed record ItemsResource<T>(IReadOnlyList<T> Items);

public static class TrainingApi
{
    public const string CoursesPath = "/api/v1/training-courses";
    public const string SessionsPath = "/api/v1/training-sessions";
    public const string OverduePath = "/api/v1/training-overdue";
    public const string RequirementsPath = "/api/v1/service-type-requirements";

    public static IEndpointRouteBuilder MapTrainingApi(this IEndpointRouteBuilder routes)
    {
        var courses = routes.MapGroup(CoursesPath).WithTag("Training", "Training courses, sessions, assessments, each staff member's record, "
            + "the overdue list, and the training each service type requires before a counter agent serves it.");
        courses.MapPut("/{courseCode}", PutCourseAsync).WithName("PutTrainingCourse")
            .WithSummary("Create or change a training course")
            .WithDescription("Supervisors and administrators. `topic` business-knowledge, service-skills, rules-discipline or privacy; `mandatory` "
                + "courses feed the overdue list; a pass stays valid `renewalMonths` (left out: for ever); `passMark` 0..100. 201 new, 200 changed.")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        courses.MapGet("/", ListCoursesAsync).WithName("ListTrainingCourses")
            .WithSummary("List training courses").WithDescription("Every course, by code.");

        var sessions = routes.MapGroup(SessionsPath).WithTag("Training", "Training courses, sessions, assessments.");
        sessions.MapPost("/", RecordSessionAsync).WithName("RecordTrainingSession")
            .WithSummary("Record a training session")
            .WithDescription("A session of a course in a hall that took place: `heldAt`, `trainer`, `hours`, `attendeeStaffIds` (registered staff of "
                + "that hall). Supervisors and administrators of the hall. 201 with Location.")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        sessions.MapGet("/{sessionId}", GetSessionAsync).WithName("GetTrainingSession")
            .WithSummary("Get a training session").WithDescription("The session with its assessments; another hall's session is 404.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        sessions.MapPost("/{sessionId}/assessments", RecordAssessmentAsync).WithName("RecordTrainingAssessment")
            .WithSummary("Record an attendee's assessment")
            .WithDescription("`score` 0..100; passed when it reaches the course's pass mark. One per attendee and session (409 for a second). A pass "
                + "publishes `quality.staff.qualificationsChanged`.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        var staff = routes.MapGroup(StaffApi.BasePath).WithTag("Training", "Training records and qualifications of staff members.");
        staff.MapGet("/{staffId}/training", RecordOfAsync).WithName("GetStaffTrainingRecord")
            .WithSummary("A staff member's training record")
            .WithDescription("Standing per course (last pass, valid until, current) and every assessment. The staff member themselves, or the "
                + "supervisors and administrators of one of their halls.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        staff.MapGet("/{staffId}/qualifications", QualificationsAsync).WithName("GetStaffQualifications")
            .WithSummary("The service types a staff member may serve")
            .WithDescription("Of the service types that require training, those whose every required course the staff member holds now, each with "
                + "the instant it lapses (null: never); plus every requirement and its mode. Service types without a requirement are open to everyone.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        routes.MapGroup(OverduePath).WithTag("Training", "Overdue mandatory training.")
            .MapGet("/", OverdueAsync).WithName("ListOverdueTraining")
            .WithSummary("Who is overdue for mandatory training")
            .WithDescription("Each registered staff member of the caller's halls (or of `hallId`) and each mandatory course they never passed or "
                + "whose pass has lapsed, now. Supervisors and administrators.")
            .ProducesProblem(StatusCodes.Status403Forbidden);

        var requirements = routes.MapGroup(RequirementsPath).WithTag("Training", "The training each service type requires.");
        requirements.MapPut("/{serviceType}", PutRequirementAsync).WithName("PutServiceTypeRequirement")
            .WithSummary("Set the training a service type requires")
            .WithDescription("`courseCodes` (all must be current) and `mode`: `block` (call-next does not give the ticket to an untrained agent) "
                + "or `warn`. Publishes `quality.staff.qualificationsChanged` for every registered staff member.")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        requirements.MapGet("/", ListRequirementsAsync).WithName("ListServiceTypeRequirements")
            .WithSummary("List service type requirements").WithDescription("Every requirement, by service type.");
        return routes;
    }

    private static async Task<Results<Created<TrainingCourseResource>, Ok<TrainingCourseResource>, ValidationProblem, ProblemHttpResult>> PutCourseAsync(
        string courseCode, PutTrainingCourseCommand body, TrainingHandling handling, CancellationToken cancellationToken) =>
        (await handling.PutCourseAsync(courseCode, body, cancellationToken)).ToCreatedOrOk(TrainingCourseResource.From, c => $"{CoursesPath}/{c.CourseCode}");

    private static async Task<Results<Ok<ItemsResource<TrainingCourseResource>>, ValidationProblem, ProblemHttpResult>> ListCoursesAsync(
        TrainingHandling handling, CancellationToken cancellationToken) =>
        (await handling.ListCoursesAsync(cancellationToken)).ToOk(list => new ItemsResource<TrainingCourseResource>([.. list.Select(TrainingCourseResource.From)]));

    private static async Task<Results<Created<TrainingSessionResource>, ValidationProblem, ProblemHttpResult>> RecordSessionAsync(
        RecordTrainingSessionCommand body, TrainingHandling handling, CancellationToken cancellationToken) =>
        (await handling.RecordSessionAsync(body, cancellationToken)).ToCreated(TrainingSessionResource.From, s => $"{SessionsPath}/{s.SessionId}");

    private static async Task<Results<Ok<TrainingSessionResource>, ValidationProblem, ProblemHttpResult>> GetSessionAsync(
        string sessionId, TrainingHandling handling, CancellationToken cancellationToken) =>
        (await handling.GetSessionAsync(sessionId, cancellationToken)).ToOk(TrainingSessionResource.From);

    private static async Task<Results<Created<TrainingAssessmentResource>, ValidationProblem, ProblemHttpResult>> RecordAssessmentAsync(
        string sessionId, RecordAssessmentCommand body, TrainingHandling handling, CancellationToken cancellationToken) =>
        (await handling.RecordAssessmentAsync(sessionId, body, cancellationToken)).ToCreated(TrainingAssessmentResource.From, a => $"{SessionsPath}/{a.SessionId}");

    private static async Task<Results<Ok<TrainingRecordResource>, ValidationProblem, ProblemHttpResult>> RecordOfAsync(
        string staffId, TrainingHandling handling, CancellationToken cancellationToken) =>
        (await handling.RecordOfAsync(staffId, cancellationToken)).ToOk(TrainingRecordResource.From);

    private static async Task<Results<Ok<StaffQualificationsView>, ValidationProblem, ProblemHttpResult>> QualificationsAsync(
        string staffId, TrainingHandling handling, CancellationToken cancellationToken) =>
        (await handling.QualificationsAsync(staffId, cancellationToken)).ToOk(view => view);

    private static async Task<Results<Ok<OverdueTrainingResource>, ValidationProblem, ProblemHttpResult>> OverdueAsync(
        TrainingHandling handling, TimeProvider time, CancellationToken cancellationToken, string? hallId = null)
    {
        var errors = new FieldErrors();
        var hall = HallIds.Check("hallId", hallId, errors);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }
        return (await handling.OverdueAsync(hall, cancellationToken)).ToOk(items => new OverdueTrainingResource(items, time.GetStoredUtcNow()));
    }

    private static async Task<Results<Created<ServiceTypeRequirementResource>, Ok<ServiceTypeRequirementResource>, ValidationProblem, ProblemHttpResult>> PutRequirementAsync(
        string serviceType, PutRequirementCommand body, TrainingHandling handling, CancellationToken cancellationToken) =>
        (await handling.PutRequirementAsync(serviceType, body, cancellationToken)).ToCreatedOrOk(ServiceTypeRequirementResource.From, r => $"{RequirementsPath}/{r.ServiceType}");

    private static async Task<Results<Ok<ItemsResource<ServiceTypeRequirementResource>>, ValidationProblem, ProblemHttpResult>> ListRequirementsAsync(
        TrainingHandling handling, CancellationToken cancellationToken) =>
        (await handling.ListRequirementsAsync(cancellationToken)).ToOk(list => new ItemsResource<ServiceTypeRequirementResource>([.. list.Select(ServiceTypeRequirementResource.From)]));
}
