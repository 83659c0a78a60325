using System.ComponentModel.DataAnnotations;
using HallPlatform.Application;
using HallPlatform.Audit;
using HallPlatform.Identity;
using HallPlatform.Quality.Data;
using HallPlatform.Quality.Staff.Domain;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace HallPlatform.Quality.Staff.Application;

/// <summary>A register entry as PUT hands it in, before validation: every field may be missing.</summary>
public sealed record PutStaffMemberCommand(
    [property: Required, MaxLength(StaffMember.MaxDisplayNameLength)] string? DisplayName,
    [property: Required, MinLength(1), MaxLength(StaffMember.MaxHalls)] IReadOnlyList<string?>? HallIds,
    [property: Required, MinLength(1), MaxLength(7)] IReadOnlyList<string?>? Roles,
    [property: MaxLength(StaffMember.MaxSkills)] IReadOnlyList<string?>? Skills);

/// <summary>A register list request: a batch of ids to resolve, and/or one hall, one page.</summary>
public sealed record StaffQuery(IReadOnlyList<string> StaffIds, string? HallId, PageRequest Page);

/// <summary>
/// The staff register's use cases: the one place staff ids resolve to display names. Supervisors and administrators
/// keep the entries of their halls; staff read the entries of the halls they share (another hall's entry answers
/// like an unknown id); services read every entry.
/// </summary>
public sealed partial class StaffDirectory(
    QualityDbContext db, AuditTrail audit, IHallCallerAccessor callers, TimeProvider time, StaffQualifications qualifications, ILogger<StaffDirectory> logger)
{
    public const int MaxLookupIds = 100;

    /// <summary>Creates (Created) or replaces (Ok; the same details again change nothing) one register entry.</summary>
    public async Task<Outcome<StaffMember>> PutAsync(string staffId, PutStaffMemberCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var caller = callers.Current;
        if (!StaffAccess.IsManager(caller))
        {
            return Outcome<StaffMember>.Forbidden("Managers only.", "Only supervisors and administrators keep the staff register.");
        }
        var errors = new FieldErrors();
        CheckId("staffId", staffId, errors);
        var details = Validate(command, errors);
        if (details is null || errors.Any)
        {
            return Outcome<StaffMember>.Invalid(errors.ToDictionary());
        }
        if (details.HallIds.FirstOrDefault(h => !caller.CanSeeHall(h)) is { } foreign)
        {
            return Outcome<StaffMember>.Forbidden("Not your hall.", $"Hall '{foreign}' is not one of this caller's halls.");
        }

        var member = await db.Set<StaffMember>().FirstOrDefaultAsync(s => s.StaffId == staffId, cancellationToken);
        if (member is null)
        {
            return await RegisterAsync(staffId, details, cancellationToken);
        }
        if (!StaffAccess.SeesStaffOf(caller, member.HallIds))
        {
            return NotFound(staffId);
        }
        if (member.HallIds.FirstOrDefault(h => !caller.CanSeeHall(h)) is { } kept)
        {
            return Outcome<StaffMember>.Forbidden("Not your hall.",
                $"Staff member {staffId} also works in hall '{kept}', which is not one of this caller's halls: an administrator of that hall changes the entry.");
        }
        var before = StaffAuditSnapshot.Of(member);
        if (!member.Update(details, time.GetStoredUtcNow()))
        {
            return Outcome<StaffMember>.Ok(member);
        }
        audit.Record(StaffAudit.StaffUpdatedAction, StaffAudit.StaffRecordType, staffId, before: before, after: StaffAuditSnapshot.Of(member),
            hallId: member.HallIds[0]);
        // Reception keeps each agent's halls and qualified service types from this event.
        await qualifications.RecordChangedAsync([(member.StaffId, member.HallIds)], cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Outcome<StaffMember>.Conflict("Staff member changed concurrently.", $"Staff member {staffId} was changed by another request. Read it again and retry.");
        }
        LogUpdated(staffId);
        return Outcome<StaffMember>.Ok(member);
    }

    private async Task<Outcome<StaffMember>> RegisterAsync(string staffId, StaffDetails details, CancellationToken cancellationToken)
    {
        var member = StaffMember.Register(staffId, details, time.GetStoredUtcNow());
        db.Set<StaffMember>().Add(member);
        audit.Record(StaffAudit.StaffRegisteredAction, StaffAudit.StaffRecordType, staffId, after: StaffAuditSnapshot.Of(member), hallId: member.HallIds[0]);
        await qualifications.RecordChangedAsync([(member.StaffId, member.HallIds)], cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // A concurrent PUT of the same id committed first.
            db.ChangeTracker.Clear();
            return Outcome<StaffMember>.Conflict("Staff member created concurrently.", $"Staff member {staffId} was created by another request. Read it again and retry.");
        }
        LogRegistered(staffId);
        return Outcome<StaffMember>.Created(member);
    }

    public async Task<Outcome<StaffMember>> GetAsync(string staffId, CancellationToken cancellationToken)
    {
        var caller = callers.Current;
        if (!StaffAccess.MayReadRegister(caller))
        {
            return Outcome<StaffMember>.Forbidden("Staff and services only.", "The staff register is read by staff and services only.");
        }
        var errors = new FieldErrors();
        CheckId("staffId", staffId, errors);
        if (errors.Any)
        {
            return Outcome<StaffMember>.Invalid(errors.ToDictionary());
        }
        var member = await db.Set<StaffMember>().AsNoTracking().FirstOrDefaultAsync(s => s.StaffId == staffId, cancellationToken);
        return member is null || !StaffAccess.SeesStaffOf(caller, member.HallIds) ? NotFound(staffId) : Outcome<StaffMember>.Ok(member);
    }

    /// <summary>
    /// The entries the caller sees, by id (a batch lookup: unknown and unseen ids are simply absent) and/or hall,
    /// ordered by id.
    /// </summary>
    public async Task<Outcome<ResultPage<StaffMember>>> ListAsync(StaffQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var caller = callers.Current;
        if (!StaffAccess.MayReadRegister(caller))
        {
            return Outcome<ResultPage<StaffMember>>.Forbidden("Staff and services only.", "The staff register is read by staff and services only.");
        }
        var members = db.Set<StaffMember>().AsNoTracking();
        if (caller.IsLimitedToHalls)
        {
            var halls = caller.Halls.ToList();
            members = members.Where(s => s.HallIds.Any(h => halls.Contains(h)));
        }
        if (query.HallId is { } hallId)
        {
            members = members.Where(s => s.HallIds.Contains(hallId));
        }
        if (query.StaffIds.Count > 0)
        {
            var ids = query.StaffIds.ToList();
            members = members.Where(s => ids.Contains(s.StaffId));
        }
        var total = await members.CountAsync(cancellationToken);
        var items = await members.OrderBy(s => s.StaffId).Skip(query.Page.Skip).Take(query.Page.PageSize).ToListAsync(cancellationToken);
        return Outcome<ResultPage<StaffMember>>.Ok(query.Page.Of<StaffMember>(items, total));
    }

    /// <summary>Checks a staff id's shape (<c>usr_...</c>), recording the error under <paramref name="field"/>.</summary>
    public static bool CheckId(string field, string? staffId, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (StaffMember.IsValidId(staffId))
        {
            return true;
        }
        errors.Add(field, $"The {field} field must be 'usr_' then 1 to 60 lower-case letters, digits, '.', '-' or '_' (the id staff tokens carry).");
        return false;
    }

    private static StaffDetails? Validate(PutStaffMemberCommand command, FieldErrors errors)
    {
        var name = errors.RequiredText("displayName", command.DisplayName, StaffMember.MaxDisplayNameLength);
        var halls = RequiredList("hallIds", command.HallIds, StaffMember.MaxHalls, errors, (value, index) =>
            HallIds.IsValid(value) ? null : $"hallIds[{index}]: " + HallIds.InvalidMessage("hallIds"));
        var roles = RequiredList("roles", command.Roles, HallRoles.All.Count, errors, (value, _) =>
            HallRoles.All.Contains(value, StringComparer.Ordinal) ? null : "Unknown role; use any of: " + string.Join(", ", HallRoles.All) + ".");
        var skills = command.Skills is null ? [] : RequiredList("skills", command.Skills, StaffMember.MaxSkills, errors, (value, index) =>
            StaffMember.IsValidSkill(value) ? null : $"skills[{index}] must be 1 to {StaffMember.MaxSkillLength} lower-case letters, digits or '-'.", allowEmpty: true);
        if (name is null || halls is null || roles is null || skills is null)
        {
            return null;
        }
        return new StaffDetails(name, halls, roles, skills);
    }

    /// <summary>A list of short codes, each checked; answered sorted, without duplicates.</summary>
    private static List<string>? RequiredList(
        string field, IReadOnlyList<string?>? values, int max, FieldErrors errors, Func<string, int, string?> check, bool allowEmpty = false)
    {
        if (values is null || (values.Count == 0 && !allowEmpty))
        {
            errors.Add(field, $"The {field} field is required and must list at least one value.");
            return null;
        }
        if (values.Count > max)
        {
            errors.Add(field, $"The {field} field must list at most {max} values.");
            return null;
        }
        var result = new SortedSet<string>(StringComparer.Ordinal);
        var valid = true;
        for (var index = 0; index < values.Count; index++)
        {
            var value = values[index];
            var message = value is null ? $"{field}[{index}] must not be null." : check(value, index);
            if (message is not null)
            {
                errors.Add(field, message);
                valid = false;
                continue;
            }
            result.Add(value!);
        }
        return valid ? [.. result] : null;
    }

    private static Outcome<StaffMember> NotFound(string staffId) => Outcome<StaffMember>.NotFoundById("Staff member", staffId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Staff member {StaffId} registered")]
    private partial void LogRegistered(string staffId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Staff member {StaffId} updated")]
    private partial void LogUpdated(string staffId);
}
