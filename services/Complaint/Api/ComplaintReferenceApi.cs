using HallPlatform.Application;
using HallPlatform.Complaint.Application;
using HallPlatform.Complaint.Domain;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HallPlatform.Complaint.Api;

public sealed record DepartmentResponse(string DepartmentId, string Name, string Contact, IReadOnlyList<string> HandlerIds, IReadOnlyList<string> Categories)
{
    public static DepartmentResponse From(Department department) =>
        new(department.DepartmentId, department.Name, department.Contact, department.HandlerIds, department.Categories);
}

public sealed record RootCauseResponse(string Code, string Name, string ImprovementSuggestion, bool Active)
{
    public static RootCauseResponse From(RootCause cause) => new(cause.Code, cause.Name, cause.ImprovementSuggestion, cause.Active);
}

/// <summary>The departments complaints are transferred to, and the maintained root-cause list.</summary>
public static class ComplaintReferenceApi
{
    public const string DepartmentsPath = "/api/v1/complaint-departments";
    public const string RootCausesPath = "/api/v1/complaint-root-causes";

    public static IEndpointRouteBuilder MapComplaintReferenceApi(this IEndpointRouteBuilder routes)
    {
        var departments = routes.MapGroup(DepartmentsPath)
            .WithTag("Complaint departments", "The departments complaints are transferred to: contact, handlers, categories owned.");
        departments.MapGet("/", async (ComplaintReferenceData data, CancellationToken cancellationToken) =>
                TypedResults.Ok((await data.DepartmentsAsync(cancellationToken)).Select(DepartmentResponse.From).ToList()))
            .WithName("ListComplaintDepartments")
            .WithSummary("List complaint departments")
            .WithDescription("Every department with its contact, handler staff ids and the categories it owns (seeded; edited by administrators).");
        departments.MapPost("/", CreateDepartmentAsync).WithName("CreateComplaintDepartment")
            .WithSummary("Create a complaint department")
            .WithDescription("Administrators only. `departmentId`: lower-case letters, digits and '-'. 409 when it exists.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);
        departments.MapPut("/{departmentId}", UpdateDepartmentAsync).WithName("UpdateComplaintDepartment")
            .WithSummary("Change a complaint department")
            .WithDescription("Administrators only. Replaces name, contact, handlers and categories owned.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        var rootCauses = routes.MapGroup(RootCausesPath)
            .WithTag("Complaint root causes", "The maintained root-cause list responses pick from, with improvement suggestions.");
        rootCauses.MapGet("/", async (ComplaintReferenceData data, CancellationToken cancellationToken) =>
                TypedResults.Ok((await data.RootCausesAsync(cancellationToken)).Select(RootCauseResponse.From).ToList()))
            .WithName("ListComplaintRootCauses")
            .WithSummary("List complaint root causes")
            .WithDescription("The root-cause list with each cause's improvement suggestion; inactive causes cannot be chosen any more.");
        rootCauses.MapPut("/{code}", SaveRootCauseAsync).WithName("SaveComplaintRootCause")
            .WithSummary("Create or change a complaint root cause")
            .WithDescription("Administrators only. 201 when the code is new, 200 when it changed. `code`: lower-case letters, digits and '-'.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);
        return routes;
    }

    private static async Task<Results<Created<DepartmentResponse>, ValidationProblem, ProblemHttpResult>> CreateDepartmentAsync(
        CreateDepartmentCommand body, ComplaintReferenceData data, CancellationToken cancellationToken) =>
        (await data.CreateDepartmentAsync(body, cancellationToken)).ToCreated(DepartmentResponse.From, d => $"{DepartmentsPath}/{d.DepartmentId}");

    private static async Task<Results<Ok<DepartmentResponse>, ValidationProblem, ProblemHttpResult>> UpdateDepartmentAsync(
        string departmentId, SaveDepartmentCommand body, ComplaintReferenceData data, CancellationToken cancellationToken) =>
        (await data.UpdateDepartmentAsync(departmentId, body, cancellationToken)).ToOk(DepartmentResponse.From);

    private static async Task<Results<Created<RootCauseResponse>, Ok<RootCauseResponse>, ValidationProblem, ProblemHttpResult>> SaveRootCauseAsync(
        string code, SaveRootCauseCommand body, ComplaintReferenceData data, CancellationToken cancellationToken) =>
        (await data.SaveRootCauseAsync(code, body, cancellationToken)).ToCreatedOrOk(RootCauseResponse.From, r => $"{RootCausesPath}/{r.Code}");
}
