using System.ComponentModel.DataAnnotations;
using HallPlatform.Application;
using HallPlatform.Audit;
using HallPlatform.Complaint.Data;
using HallPlatform.Complaint.Domain;
using HallPlatform.Identity;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace HallPlatform.Complaint.Application;

public sealed record SaveDepartmentCommand(
    [property: Required] string? Name,
    [property: Required] string? Contact,
    [property: Required] IReadOnlyList<string>? HandlerIds,
    [property: Required] IReadOnlyList<string>? Categories);

public sealed record CreateDepartmentCommand(
    [property: Required] string? DepartmentId,
    [property: Required] string? Name,
    [property: Required] string? Contact,
    [property: Required] IReadOnlyList<string>? HandlerIds,
    [property: Required] IReadOnlyList<string>? Categories);

public sealed record SaveRootCauseCommand(
    [property: Required] string? Name,
    [property: Required] string? ImprovementSuggestion,
    bool? Active);

/// <summary>
/// The departments and the root-cause list: read by complaint staff, created and edited by administrators only
/// (the gateway checks the role; this checks it again). Every change is audited.
/// </summary>
public sealed partial class ComplaintReferenceData(
    ComplaintDbContext db, AuditTrail audit, IHallCallerAccessor callers, ILogger<ComplaintReferenceData> logger)
{
    public Task<List<Department>> DepartmentsAsync(CancellationToken cancellationToken) =>
        db.Departments.AsNoTracking().OrderBy(d => d.DepartmentId).ToListAsync(cancellationToken);

    public Task<List<RootCause>> RootCausesAsync(CancellationToken cancellationToken) =>
        db.RootCauses.AsNoTracking().OrderBy(r => r.Code).ToListAsync(cancellationToken);

    public async Task<Outcome<Department>> CreateDepartmentAsync(CreateDepartmentCommand command, CancellationToken cancellationToken)
    {
        if (Refused<Department>() is { } refused)
        {
            return refused;
        }
        var errors = new FieldErrors();
        var id = Code("departmentId", command.DepartmentId, Department.MaxIdLength, errors);
        var fields = ValidateDepartment(command.Name, command.Contact, command.HandlerIds, command.Categories, errors);
        if (errors.Any || fields is null)
        {
            return Outcome<Department>.Invalid(errors.ToDictionary());
        }
        var department = new Department(id!, fields.Value.Name, fields.Value.Contact, fields.Value.Handlers, fields.Value.Categories);
        db.Departments.Add(department);
        audit.Record(ComplaintAudit.DepartmentSavedAction, ComplaintAudit.DepartmentRecordType, department.DepartmentId, after: Snapshot(department));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return Outcome<Department>.Conflict("Department exists.", $"A department with the id '{id}' exists already; PUT changes it.");
        }
        LogDepartmentSaved(department.DepartmentId);
        return Outcome<Department>.Created(department);
    }

    public async Task<Outcome<Department>> UpdateDepartmentAsync(string departmentId, SaveDepartmentCommand command, CancellationToken cancellationToken)
    {
        if (Refused<Department>() is { } refused)
        {
            return refused;
        }
        var errors = new FieldErrors();
        var fields = ValidateDepartment(command.Name, command.Contact, command.HandlerIds, command.Categories, errors);
        if (errors.Any || fields is null)
        {
            return Outcome<Department>.Invalid(errors.ToDictionary());
        }
        var department = await db.Departments.FirstOrDefaultAsync(d => d.DepartmentId == departmentId, cancellationToken);
        if (department is null)
        {
            return Outcome<Department>.NotFound("Department not found.", $"No department has the id '{departmentId}'.");
        }
        var before = Snapshot(department);
        department.Update(fields.Value.Name, fields.Value.Contact, fields.Value.Handlers, fields.Value.Categories);
        audit.Record(ComplaintAudit.DepartmentSavedAction, ComplaintAudit.DepartmentRecordType, department.DepartmentId, before: before, after: Snapshot(department));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Outcome<Department>.Conflict("Department changed concurrently.", $"Department '{departmentId}' was changed by another request; retry.");
        }
        LogDepartmentSaved(department.DepartmentId);
        return Outcome<Department>.Ok(department);
    }

    /// <summary>Creates the root cause (201) or changes it (200): the list is maintained by code.</summary>
    public async Task<Outcome<RootCause>> SaveRootCauseAsync(string code, SaveRootCauseCommand command, CancellationToken cancellationToken)
    {
        if (Refused<RootCause>() is { } refused)
        {
            return refused;
        }
        var errors = new FieldErrors();
        var checkedCode = Code("code", code, RootCause.MaxCodeLength, errors);
        var name = errors.RequiredText("name", command.Name, RootCause.MaxNameLength);
        var suggestion = errors.RequiredText("improvementSuggestion", command.ImprovementSuggestion, RootCause.MaxSuggestionLength);
        if (errors.Any)
        {
            return Outcome<RootCause>.Invalid(errors.ToDictionary());
        }
        var cause = await db.RootCauses.FirstOrDefaultAsync(r => r.Code == checkedCode, cancellationToken);
        var created = cause is null;
        object? before = null;
        if (cause is null)
        {
            cause = new RootCause(checkedCode!, name!, suggestion!, command.Active ?? true);
            db.RootCauses.Add(cause);
        }
        else
        {
            before = new { cause.Name, cause.Active };
            cause.Update(name!, suggestion!, command.Active ?? cause.Active);
        }
        audit.Record(ComplaintAudit.RootCauseSavedAction, ComplaintAudit.RootCauseRecordType, cause.Code, before: before, after: new { cause.Name, cause.Active });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (exception is DbUpdateConcurrencyException
            || exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return Outcome<RootCause>.Conflict("Root cause changed concurrently.", $"Root cause '{checkedCode}' was changed by another request; retry.");
        }
        return created ? Outcome<RootCause>.Created(cause) : Outcome<RootCause>.Ok(cause);
    }

    private Outcome<T>? Refused<T>()
    {
        var caller = callers.Current;
        return caller.Kind == CallerKind.Service || caller.IsInRole(HallRoles.Administrator)
            ? null
            : Outcome<T>.Forbidden("Administrators only.", "Departments and root causes are edited by administrators.");
    }

    private static string? Code(string field, string? value, int maxLength, FieldErrors errors)
    {
        var code = errors.RequiredText(field, value, maxLength);
        if (code is not null && !code.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            errors.Add(field, $"The {field} field may hold lower-case letters, digits and '-' only.");
            return null;
        }
        return code;
    }

    private static (string Name, string Contact, string[] Handlers, string[] Categories)? ValidateDepartment(
        string? nameText, string? contactText, IReadOnlyList<string>? handlerIds, IReadOnlyList<string>? categories, FieldErrors errors)
    {
        var name = errors.RequiredText("name", nameText, Department.MaxNameLength);
        var contact = errors.RequiredText("contact", contactText, Department.MaxContactLength);
        if (handlerIds is null)
        {
            errors.Add("handlerIds", "The handlerIds field is required (an empty list is allowed).");
        }
        else if (handlerIds.Count > Department.MaxHandlers
            || handlerIds.Any(h => string.IsNullOrWhiteSpace(h) || h.Length > Department.MaxHandlerIdLength || h.Contains('\0', StringComparison.Ordinal)))
        {
            errors.Add("handlerIds", $"At most {Department.MaxHandlers} staff ids of 1 to {Department.MaxHandlerIdLength} characters.");
        }
        if (categories is null)
        {
            errors.Add("categories", "The categories field is required (an empty list is allowed).");
        }
        else if (categories.Any(c => !WireNames<ComplaintCategory>.TryParse(c, out _)))
        {
            errors.Add("categories", "Unknown category; use any of: " + string.Join(", ", WireNames<ComplaintCategory>.All) + ".");
        }
        if (errors.Any)
        {
            return null;
        }
        return (name!, contact!, [.. handlerIds!.Distinct(StringComparer.Ordinal)], [.. categories!.Distinct(StringComparer.Ordinal)]);
    }

    private static object Snapshot(Department department) =>
        new { department.Name, department.Contact, department.HandlerIds, department.Categories };

    [LoggerMessage(Level = LogLevel.Information, Message = "Complaint department {DepartmentId} saved")]
    private partial void LogDepartmentSaved(string departmentId);
}
