using System.ComponentModel.DataAnnotations;
using HallPlatform.Application;
using HallPlatform.Audit;
using HallPlatform.Identity;
using HallPlatform.Quality.Data;
using HallPlatform.Quality.Staff.Domain;
using Microsoft.EntityFrameworkCore;

namespace HallPlatform.Quality.Staff.Application;

/// <summary>A conduct case as recorded by a manager, before validation.</summary>
public sealed record RecordConductCaseCommand(
    [property: Required, MaxLength(StaffMember.MaxIdLength)] string? StaffId,
    [property: Required, MaxLength(HallIds.MaxLength)] string? HallId,
    [property: Required, WireEnum<ConductCategory>] string? Category,
    [property: WireEnum<GiftDisposition>] string? Disposition,
    [property: Range(0, ConductCase.MaxValueFen)] long? ValueFen,
    [property: MaxLength(ConductCase.MaxCounterpartyLength)] string? Counterparty,
    [property: WireEnum<ViolationKind>] string? ViolationKind,
    [property: Required, MaxLength(ConductCase.MaxDescriptionLength)] string? Description);

/// <summary>A move of a conduct case, before validation; outcome (and sanction) only when concluding.</summary>
public sealed record ChangeConductStatusCommand(
    [property: Required, WireEnum<ConductStatus>] string? Status,
    [property: MaxLength(ConductCase.MaxNoteLength)] string? Note,
    [property: WireEnum<ConductOutcome>] string? Outcome,
    [property: WireEnum<ConductSanction>] string? Sanction);

public sealed record ConductQuery(string? StaffId, string? HallId, ConductStatus? Status, PageRequest Page);

/// <summary>
/// The conduct register's use cases. Only supervisors and administrators of the case's hall see or change a case
/// (another hall's case answers like an unknown id; any other caller is refused); every change and every read is
/// audited.
/// </summary>
public sealed partial class ConductRegister(
    QualityDbContext db, AuditTrail audit, IHallCallerAccessor callers, TimeProvider time, ILogger<ConductRegister> logger)
{
    public async Task<Outcome<ConductCase>> RecordAsync(RecordConductCaseCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var caller = callers.Current;
        if (!StaffAccess.IsManager(caller))
        {
            return Forbidden<ConductCase>();
        }
        var errors = new FieldErrors();
        var record = Validate(command, errors);
        if (record is null)
        {
            return Outcome<ConductCase>.Invalid(errors.ToDictionary());
        }
        if (!caller.CanSeeHall(record.HallId))
        {
            return Outcome<ConductCase>.Forbidden("Not your hall.", $"Hall '{record.HallId}' is not one of this caller's halls.");
        }
        // A registered staff member's case belongs to one of their halls.
        var halls = await db.Set<StaffMember>().AsNoTracking().Where(s => s.StaffId == record.StaffId).Select(s => s.HallIds).FirstOrDefaultAsync(cancellationToken);
        if (halls is not null && !halls.Contains(record.HallId, StringComparer.Ordinal))
        {
            return Outcome<ConductCase>.Invalid("hallId", $"Staff member {record.StaffId} does not work in hall '{record.HallId}'.");
        }

        var conduct = ConductCase.Record(ConductCase.NewId(), record, caller.Id, time.GetStoredUtcNow());
        db.Set<ConductCase>().Add(conduct);
        audit.Record(StaffAudit.ConductRecordedAction, StaffAudit.ConductRecordType, conduct.CaseId, after: ConductAuditSnapshot.Of(conduct), hallId: conduct.HallId);
        await db.SaveChangesAsync(cancellationToken);
        LogRecorded(conduct.CaseId, conduct.Category, conduct.HallId);
        return Outcome<ConductCase>.Created(conduct);
    }

    public async Task<Outcome<ConductCase>> GetAsync(string caseId, CancellationToken cancellationToken)
    {
        var caller = callers.Current;
        if (!StaffAccess.IsManager(caller))
        {
            return Forbidden<ConductCase>();
        }
        var conduct = await db.Set<ConductCase>().AsNoTracking().FirstOrDefaultAsync(c => c.CaseId == caseId, cancellationToken);
        if (conduct is null || !caller.CanSeeHall(conduct.HallId))
        {
            return NotFound(caseId);
        }
        // The case carries free text about people: who read it is recorded before it leaves.
        await audit.RecordReadAsync(StaffAudit.ConductReadAction, StaffAudit.ConductRecordType, conduct.CaseId, customerRef: null,
            new { conduct.CaseId }, cancellationToken, hallId: conduct.HallId);
        return Outcome<ConductCase>.Ok(conduct);
    }

    /// <summary>The cases of the caller's halls, newest first; the read is audited with the ids it returned.</summary>
    public async Task<Outcome<ResultPage<ConductCase>>> ListAsync(ConductQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var caller = callers.Current;
        if (!StaffAccess.IsManager(caller))
        {
            return Forbidden<ResultPage<ConductCase>>();
        }
        if (query.HallId is { } hall && !caller.CanSeeHall(hall))
        {
            return Outcome<ResultPage<ConductCase>>.Forbidden("Not your hall.", $"Hall '{hall}' is not one of this caller's halls.");
        }
        var cases = db.Set<ConductCase>().AsNoTracking();
        if (caller.IsLimitedToHalls)
        {
            var halls = caller.Halls.ToList();
            cases = cases.Where(c => halls.Contains(c.HallId));
        }
        if (query.HallId is { } hallId)
        {
            cases = cases.Where(c => c.HallId == hallId);
        }
        if (query.StaffId is { } staffId)
        {
            cases = cases.Where(c => c.StaffId == staffId);
        }
        if (query.Status is { } status)
        {
            cases = cases.Where(c => c.Status == status);
        }
        var total = await cases.CountAsync(cancellationToken);
        var items = await cases.OrderByDescending(c => c.RecordedAt).ThenByDescending(c => c.CaseId)
            .Skip(query.Page.Skip).Take(query.Page.PageSize).ToListAsync(cancellationToken);
        await audit.RecordReadAsync(StaffAudit.ConductListReadAction, StaffAudit.ConductRecordType, AuditEntry.CollectionRecordId, customerRef: null,
            new { query.StaffId, query.HallId, status = query.Status?.ToWire(), query.Page.Page, caseIds = items.Select(c => c.CaseId).ToList() },
            cancellationToken);
        return Outcome<ResultPage<ConductCase>>.Ok(query.Page.Of<ConductCase>(items, total));
    }

    /// <summary>Moves a case along its lifecycle; a forbidden move or a lost race is a conflict.</summary>
    public async Task<Outcome<ConductCase>> ChangeStatusAsync(string caseId, ChangeConductStatusCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var caller = callers.Current;
        if (!StaffAccess.IsManager(caller))
        {
            return Forbidden<ConductCase>();
        }
        var errors = new FieldErrors();
        var target = ParseRequired<ConductStatus>("status", command.Status, errors);
        var note = errors.OptionalText("note", command.Note, ConductCase.MaxNoteLength);
        var outcome = ParseOptional<ConductOutcome>("outcome", command.Outcome, errors);
        var sanction = ParseOptional<ConductSanction>("sanction", command.Sanction, errors);
        if (!errors.Any)
        {
            if (target == ConductStatus.Concluded)
            {
                if (outcome is null)
                {
                    errors.Add("outcome", "The outcome field is required to conclude a case.");
                }
                else if (!ConductCase.IsValidConclusion(outcome.Value, sanction ?? ConductSanction.None))
                {
                    errors.Add("sanction", outcome == ConductOutcome.Breach
                        ? "A breach needs a sanction other than none."
                        : "With no breach the sanction is none (or left out).");
                }
            }
            else if (outcome is not null || sanction is not null)
            {
                errors.Add(outcome is not null ? "outcome" : "sanction", "The outcome and sanction fields are given only when concluding a case.");
            }
        }
        if (errors.Any)
        {
            return Outcome<ConductCase>.Invalid(errors.ToDictionary());
        }

        var conduct = await db.Set<ConductCase>().FirstOrDefaultAsync(c => c.CaseId == caseId, cancellationToken);
        if (conduct is null || !caller.CanSeeHall(conduct.HallId))
        {
            return NotFound(caseId);
        }
        var from = conduct.Status;
        var before = ConductAuditSnapshot.Of(conduct);
        if (!conduct.MoveTo(target!.Value, caller.Id, note, time.GetStoredUtcNow(), outcome, sanction))
        {
            var allowed = ConductLifecycle.NextStatuses(from);
            var allowedText = allowed.Count == 0 ? "none, it is final" : string.Join(", ", allowed.Select(s => s.ToWire()));
            return Outcome<ConductCase>.Conflict("Status change not allowed.",
                $"Conduct case {caseId} is '{from.ToWire()}' and cannot move to '{target.Value.ToWire()}'. Allowed next statuses: {allowedText}.");
        }
        audit.Record(StaffAudit.ConductStatusChangedAction, StaffAudit.ConductRecordType, conduct.CaseId, before: before,
            after: ConductAuditSnapshot.Of(conduct) with { NoteGiven = note is not null }, hallId: conduct.HallId);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Outcome<ConductCase>.Conflict("Conduct case changed concurrently.",
                $"Conduct case {caseId} was changed by another request while moving to '{target.Value.ToWire()}'. Read it again and retry.");
        }
        LogStatusChanged(caseId, from, target.Value);
        return Outcome<ConductCase>.Ok(conduct);
    }

    private static ConductRecord? Validate(RecordConductCaseCommand command, FieldErrors errors)
    {
        var staffId = errors.RequiredText("staffId", command.StaffId, StaffMember.MaxIdLength);
        if (staffId is not null)
        {
            StaffDirectory.CheckId("staffId", staffId, errors);
        }
        var hallId = HallIds.Required("hallId", command.HallId, errors);
        var category = ParseRequired<ConductCategory>("category", command.Category, errors);
        var disposition = ParseOptional<GiftDisposition>("disposition", command.Disposition, errors);
        var violation = ParseOptional<ViolationKind>("violationKind", command.ViolationKind, errors);
        var counterparty = errors.OptionalText("counterparty", command.Counterparty, ConductCase.MaxCounterpartyLength);
        var description = errors.RequiredText("description", command.Description, ConductCase.MaxDescriptionLength);
        if (command.ValueFen is < 0 or > ConductCase.MaxValueFen)
        {
            errors.Add("valueFen", $"The valueFen field must be from 0 to {ConductCase.MaxValueFen} (fen).");
        }
        if (category is ConductCategory.Gift or ConductCategory.Hospitality)
        {
            if (disposition is null)
            {
                errors.Add("disposition", "The disposition field is required for a gift or hospitality.");
            }
            if (command.ValueFen is null)
            {
                errors.Add("valueFen", "The valueFen field is required for a gift or hospitality (0 when unknown or without value).");
            }
            if (counterparty is null && !errors.ToDictionary().ContainsKey("counterparty"))
            {
                errors.Add("counterparty", "The counterparty field (who offered it) is required for a gift or hospitality.");
            }
            if (command.ViolationKind is not null)
            {
                errors.Add("violationKind", "The violationKind field is given only for a violation.");
            }
        }
        else if (category == ConductCategory.Violation)
        {
            if (violation is null && !errors.ToDictionary().ContainsKey("violationKind"))
            {
                errors.Add("violationKind", "The violationKind field is required for a violation.");
            }
            if (command.Disposition is not null)
            {
                errors.Add("disposition", "The disposition field is given only for a gift or hospitality.");
            }
        }
        if (errors.Any)
        {
            return null;
        }
        var isGift = category != ConductCategory.Violation;
        return new ConductRecord(staffId!, hallId!, category!.Value, isGift ? disposition : null, command.ValueFen,
            counterparty, isGift ? null : violation, description!);
    }

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
        if (WireNames<TEnum>.TryParse(text.Trim(), out var value))
        {
            return value;
        }
        errors.Add(field, $"Unknown {field}; use one of: " + string.Join(", ", WireNames<TEnum>.All) + ".");
        return null;
    }

    private static Outcome<T> Forbidden<T>() =>
        Outcome<T>.Forbidden("Managers only.", "The conduct register is for supervisors and administrators of the staff member's hall only.");

    private static Outcome<ConductCase> NotFound(string caseId) => Outcome<ConductCase>.NotFoundById("Conduct case", caseId);

    // Ids and codes only: descriptions, counterparties and notes are free text about people.
    [LoggerMessage(Level = LogLevel.Information, Message = "Conduct case {CaseId} ({Category}) recorded at hall {HallId}")]
    private partial void LogRecorded(string caseId, ConductCategory category, string hallId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Conduct case {CaseId} moved from {From} to {To}")]
    private partial void LogStatusChanged(string caseId, ConductStatus from, ConductStatus to);
}
