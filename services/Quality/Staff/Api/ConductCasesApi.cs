using HallPlatform.Application;
using HallPlatform.Quality.Staff.Application;
using HallPlatform.Quality.Staff.Domain;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HallPlatform.Quality.Staff.Api;

public sealed record ConductStatusChangeResource(
    [property: WireEnum<ConductStatus>] string From, [property: WireEnum<ConductStatus>] string To, DateTimeOffset At, string By, string? Note);

public sealed record ConductCaseResource(
    string CaseId,
    string StaffId,
    string HallId,
    [property: WireEnum<ConductCategory>] string Category,
    [property: WireEnum<GiftDisposition>] string? Disposition,
    long? ValueFen,
    string? Counterparty,
    [property: WireEnum<ViolationKind>] string? ViolationKind,
    string Description,
    string? ComplaintId,
    [property: WireEnum<ConductStatus>] string Status,
    [property: WireEnum<ConductOutcome>] string? Outcome,
    [property: WireEnum<ConductSanction>] string? Sanction,
    string RecordedBy,
    DateTimeOffset RecordedAt,
    DateTimeOffset StatusChangedAt,
    string? ConcludedBy,
    DateTimeOffset? ConcludedAt,
    IReadOnlyList<ConductStatusChangeResource> StatusChanges)
{
    public static ConductCaseResource From(ConductCase conduct)
    {
        ArgumentNullException.ThrowIfNull(conduct);
        return new(conduct.CaseId, conduct.StaffId, conduct.HallId, conduct.Category.ToWire(), conduct.Disposition?.ToWire(), conduct.ValueFen,
            conduct.Counterparty, conduct.ViolationKind?.ToWire(), conduct.Description, conduct.ComplaintId, conduct.Status.ToWire(),
            conduct.Outcome?.ToWire(), conduct.Sanction?.ToWire(), conduct.RecordedBy, conduct.RecordedAt, conduct.StatusChangedAt,
            conduct.ConcludedBy, conduct.ConcludedAt,
            [.. conduct.StatusChanges.OrderBy(c => c.At).Select(c => new ConductStatusChangeResource(c.From.ToWire(), c.To.ToWire(), c.At, c.By, c.Note))]);
    }
}

public static class ConductCasesApi
{
    public const string BasePath = "/api/v1/conduct-cases";

    public static IEndpointRouteBuilder MapConductCasesApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(BasePath)
            .WithTag("Conduct cases", "The conduct register: gifts and hospitality offered to staff, violations, their investigation, "
                + "outcome and sanction. Supervisors and administrators of the staff member's hall only; every change and read is audited.");
        group.MapPost("/", RecordAsync).WithName("RecordConductCase")
            .WithSummary("Record a conduct case")
            .WithDescription("A gift or hospitality (`disposition` offered/declined/accepted, `valueFen`, `counterparty` who offered it) or a "
                + "violation (`violationKind`); opened with status `open`, the caller as recorder. 201 with Location.")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/{caseId}", GetAsync).WithName("GetConductCase")
            .WithSummary("Get a conduct case")
            .WithDescription("One case with its status changes. Another hall's case answers 404 like an unknown id.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/", ListAsync).WithName("ListConductCases")
            .WithSummary("List conduct cases")
            .WithDescription("Pages of the cases of the caller's halls, newest first, filtered by `staffId`, `hallId` and `status`.")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPost("/{caseId}/status", ChangeStatusAsync).WithName("ChangeConductCaseStatus")
            .WithSummary("Move a conduct case")
            .WithDescription("open → investigating → concluded → closed; open → concluded directly; concluded → investigating reopens. "
                + "Concluding needs `outcome` (`breach` needs a `sanction` other than `none`). A forbidden move is 409.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return routes;
    }

    private static async Task<Results<Created<ConductCaseResource>, ValidationProblem, ProblemHttpResult>> RecordAsync(
        RecordConductCaseCommand body, ConductRegister register, CancellationToken cancellationToken)
    {
        var outcome = await register.RecordAsync(body, cancellationToken);
        return outcome.ToCreated(ConductCaseResource.From, resource => $"{BasePath}/{resource.CaseId}");
    }

    private static async Task<Results<Ok<ConductCaseResource>, ValidationProblem, ProblemHttpResult>> GetAsync(
        string caseId, ConductRegister register, CancellationToken cancellationToken)
    {
        var outcome = await register.GetAsync(caseId, cancellationToken);
        return outcome.ToOk(ConductCaseResource.From);
    }

    private static async Task<Results<Ok<ResultPage<ConductCaseResource>>, ValidationProblem, ProblemHttpResult>> ListAsync(
        ConductRegister register,
        CancellationToken cancellationToken,
        string? staffId = null,
        string? hallId = null,
        [WireEnum<ConductStatus>] string? status = null,
        [IntegerText(1, PageRequest.MaxPage)] string? page = null,
        [IntegerText(1, PageRequest.MaxPageSize)] string? pageSize = null)
    {
        var errors = new FieldErrors();
        string? staff = null;
        if (!string.IsNullOrWhiteSpace(staffId) && StaffDirectory.CheckId("staffId", staffId.Trim(), errors))
        {
            staff = staffId.Trim();
        }
        var hall = HallIds.Check("hallId", hallId, errors);
        var statusFilter = ConductRegister.ParseOptional<ConductStatus>("status", status, errors);
        var paging = PageRequest.Parse(page, pageSize, errors);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }
        var outcome = await register.ListAsync(new ConductQuery(staff, hall, statusFilter, paging), cancellationToken);
        return outcome.ToOk(result => result.Map(ConductCaseResource.From));
    }

    private static async Task<Results<Ok<ConductCaseResource>, ValidationProblem, ProblemHttpResult>> ChangeStatusAsync(
        string caseId, ChangeConductStatusCommand body, ConductRegister register, CancellationToken cancellationToken)
    {
        var outcome = await register.ChangeStatusAsync(caseId, body, cancellationToken);
        return outcome.ToOk(ConductCaseResource.From);
    }
}
