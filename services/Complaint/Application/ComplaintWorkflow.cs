using System.ComponentModel.DataAnnotations;
using HallPlatform.Application;
using HallPlatform.Complaint.Domain;
using HallPlatform.Notifications;
using HallPlatform.Messaging;
using Microsoft.EntityFrameworkCore;

namespace HallPlatform.Complaint.Application;

public sealed record AssessComplaintCommand(
    [property: Required, WireEnum<ComplaintCategory>] string? Category,
    [property: Required, WireEnum<ComplaintSeverity>] string? Severity,
    string? DepartmentId,
    string? Note);

public sealed record AssignComplaintCommand([property: Required] string? DepartmentId, string? HandlerId, string? Reason);

public sealed record RespondComplaintCommand(
    [property: Required] string? Findings,
    [property: Required] string? RootCauseCode,
    string? RootCauseNote,
    [property: Range(0, ComplaintHandling.MaxRefundFen)] long? RefundFen,
    bool? Apology,
    string? CorrectiveAction,
    [property: Required] bool? Upheld);

public sealed record ConfirmComplaintCommand(
    [property: Required] bool? Satisfied,
    [property: WireEnum<NotSatisfiedAction>] string? WhenNotSatisfied,
    string? Note);

public sealed record EscalateComplaintCommand([property: Required] string? Reason);

public sealed record LinkComplaintCommand([property: Required] string? OtherComplaintId, [property: Required, WireEnum<LinkRequestKind>] string? Kind);

/// <summary>What a link request asks: relate the two, or merge this complaint (the duplicate) into the other.</summary>
public enum LinkRequestKind
{
    [System.Text.Json.Serialization.JsonStringEnumMemberName("related")]
    Related,

    [System.Text.Json.Serialization.JsonStringEnumMemberName("merge")]
    Merge,
}

/// <summary>An open complaint whose clock is breached or due within the warning lead time.</summary>
public sealed record OverdueComplaint(
    string ComplaintId, string HallId, ComplaintCategory Category, ComplaintStatus Status, string? DepartmentId, string? HandlerId,
    ComplaintClock Clock, DateTimeOffset DueAt, bool Breached);

/// <summary>The handling steps after receipt: assess, assign/transfer, respond, confirm, escalate, link and merge.</summary>
public sealed partial class ComplaintHandling
{
    public const long MaxRefundFen = 100_000_000;
    public const int MaxFindingsLength = 4000;
    public const int MaxRootCauseNoteLength = 1000;
    public const int MaxCorrectiveActionLength = 1000;

    /// <summary>The moves the plain status route makes: the others carry data and have their own routes.</summary>
    private static readonly ComplaintStatus[] SimpleMoves = [ComplaintStatus.Investigating, ComplaintStatus.Withdrawn];

    private static string RouteFor(ComplaintStatus status) => status switch
    {
        ComplaintStatus.Assessed => "POST /complaints/{id}/assessment",
        ComplaintStatus.Assigned => "POST /complaints/{id}/assignment",
        ComplaintStatus.Responded => "POST /complaints/{id}/response",
        ComplaintStatus.Reopened or ComplaintStatus.Closed => "POST /complaints/{id}/confirmation (or /links to merge)",
        ComplaintStatus.Escalated => "POST /complaints/{id}/escalation",
        _ => "no route: it is set on receipt",
    };

    /// <summary>Registers the assessment: category, severity and the responsible department (by default the category's owner).</summary>
    public async Task<Outcome<CustomerComplaint>> AssessAsync(string complaintId, AssessComplaintCommand command, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var category = ParseRequired<ComplaintCategory>("category", command.Category, errors);
        var severity = ParseRequired<ComplaintSeverity>("severity", command.Severity, errors);
        var departmentId = errors.OptionalText("departmentId", command.DepartmentId, Department.MaxIdLength);
        var note = errors.OptionalText("note", command.Note, MaxNoteLength);
        if (errors.Any)
        {
            return Outcome<CustomerComplaint>.Invalid(errors.ToDictionary());
        }
        Department? department;
        if (departmentId is null)
        {
            var wire = category.ToWire();
            department = (await db.Departments.AsNoTracking().OrderBy(d => d.DepartmentId).ToListAsync(cancellationToken))
                .FirstOrDefault(d => d.Categories.Contains(wire, StringComparer.Ordinal));
            if (department is null)
            {
                return Outcome<CustomerComplaint>.Invalid("departmentId", $"No department owns the category '{wire}': name the departmentId.");
            }
        }
        else if ((department = await db.Departments.AsNoTracking().FirstOrDefaultAsync(d => d.DepartmentId == departmentId, cancellationToken)) is null)
        {
            return Outcome<CustomerComplaint>.Invalid("departmentId", $"No department has the id '{departmentId}'.");
        }
        var targets = options.Value.TargetsFor(category);
        return await ChangeAsync(complaintId, "complaint.assess", ComplaintAudit.AssessedAction, note is not null,
            complaint => complaint.Assess(category, severity, department.DepartmentId, targets, note, time.GetStoredUtcNow(), callers.Current.Id)
                ? null
                : NotNow(complaint, "assessed"),
            cancellationToken);
    }

    /// <summary>
    /// Assigns the complaint to a department and handler, or transfers it (reassignment keeps the status); the
    /// handler must be one of the department's handlers. The customer is told which department handles it.
    /// </summary>
    public async Task<Outcome<CustomerComplaint>> AssignAsync(string complaintId, AssignComplaintCommand command, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var departmentId = errors.RequiredText("departmentId", command.DepartmentId, Department.MaxIdLength);
        var handlerId = errors.OptionalText("handlerId", command.HandlerId, Department.MaxHandlerIdLength);
        var reason = errors.OptionalText("reason", command.Reason, MaxNoteLength);
        if (errors.Any)
        {
            return Outcome<CustomerComplaint>.Invalid(errors.ToDictionary());
        }
        var department = await db.Departments.AsNoTracking().FirstOrDefaultAsync(d => d.DepartmentId == departmentId, cancellationToken);
        if (department is null)
        {
            return Outcome<CustomerComplaint>.Invalid("departmentId", $"No department has the id '{departmentId}'.");
        }
        if (handlerId is not null && !department.HasHandler(handlerId))
        {
            return Outcome<CustomerComplaint>.Invalid("handlerId", $"'{handlerId}' is not a handler of department '{department.DepartmentId}'.");
        }
        return await ChangeAsync(complaintId, "complaint.assign", ComplaintAudit.AssignedAction, reason is not null, complaint =>
        {
            var statusBefore = complaint.Status;
            if (complaint.DepartmentId == department.DepartmentId && complaint.HandlerId == handlerId
                && complaint.Status is ComplaintStatus.Assigned or ComplaintStatus.Investigating)
            {
                return Outcome<CustomerComplaint>.Conflict("Already assigned.",
                    $"Complaint {complaint.ComplaintId} is already with department '{department.DepartmentId}' and this handler.");
            }
            if (!complaint.Assign(department.DepartmentId, handlerId, reason, time.GetStoredUtcNow(), callers.Current.Id))
            {
                return NotNow(complaint, "assigned");
            }
            if (complaint.Status == statusBefore && ComplaintCommunications.ForTransfer(complaint, department.Name) is { } message)
            {
                // A transfer keeps the status: its own message tells the customer.
                communications.Queue(message);
            }
            return null;
        }, cancellationToken, department.Name);
    }

    /// <summary>Records the investigation's findings, root cause and remedy and sends the response to the customer.</summary>
    public async Task<Outcome<CustomerComplaint>> RespondAsync(string complaintId, RespondComplaintCommand command, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var findings = errors.RequiredText("findings", command.Findings, MaxFindingsLength);
        var rootCauseCode = errors.RequiredText("rootCauseCode", command.RootCauseCode, RootCause.MaxCodeLength);
        var rootCauseNote = errors.OptionalText("rootCauseNote", command.RootCauseNote, MaxRootCauseNoteLength);
        var correctiveAction = errors.OptionalText("correctiveAction", command.CorrectiveAction, MaxCorrectiveActionLength);
        if (command.RefundFen is < 0 or > MaxRefundFen)
        {
            errors.Add("refundFen", $"The refundFen field must be from 0 to {MaxRefundFen} (fen).");
        }
        if (command.Upheld is null)
        {
            errors.Add("upheld", "The upheld field is required: whether the complaint was found justified.");
        }
        if (errors.Any)
        {
            return Outcome<CustomerComplaint>.Invalid(errors.ToDictionary());
        }
        if (!await db.RootCauses.AsNoTracking().AnyAsync(r => r.Code == rootCauseCode && r.Active, cancellationToken))
        {
            return Outcome<CustomerComplaint>.Invalid("rootCauseCode", $"'{rootCauseCode}' is not an active root cause; see GET /api/v1/complaint-root-causes.");
        }
        var draft = new ComplaintResponseDraft(findings!, rootCauseCode!, rootCauseNote,
            new ComplaintRemedy(command.RefundFen ?? 0, command.Apology ?? false, correctiveAction), command.Upheld!.Value);
        return await ChangeAsync(complaintId, "complaint.respond", ComplaintAudit.RespondedAction, false,
            complaint => complaint.Respond(draft, options.Value.ConfirmationPeriod, time.GetStoredUtcNow(), callers.Current.Id)
                ? null
                : NotNow(complaint, "responded"),
            cancellationToken);
    }

    /// <summary>
    /// Records the customer's reaction to the response: satisfied closes; not satisfied reopens or escalates to a
    /// supervisor (the customer is given the regulator's appeal information).
    /// </summary>
    public async Task<Outcome<CustomerComplaint>> ConfirmAsync(string complaintId, ConfirmComplaintCommand command, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (command.Satisfied is null)
        {
            errors.Add("satisfied", "The satisfied field is required.");
        }
        var action = NotSatisfiedAction.Reopen;
        if (command.WhenNotSatisfied is not null && !WireNames<NotSatisfiedAction>.TryParse(command.WhenNotSatisfied, out action))
        {
            errors.Add("whenNotSatisfied", "Unknown whenNotSatisfied; use one of: " + string.Join(", ", WireNames<NotSatisfiedAction>.All) + ".");
        }
        if (command.Satisfied == false && command.WhenNotSatisfied is null)
        {
            errors.Add("whenNotSatisfied", "When the customer is not satisfied, say whether to reopen or escalate.");
        }
        var note = errors.OptionalText("note", command.Note, MaxNoteLength);
        if (errors.Any)
        {
            return Outcome<CustomerComplaint>.Invalid(errors.ToDictionary());
        }
        return await ChangeAsync(complaintId, "complaint.confirm", ComplaintAudit.ConfirmationAction, note is not null, complaint =>
        {
            if (complaint.Status != ComplaintStatus.Responded)
            {
                return NotNow(complaint, command.Satisfied == true ? "closed" : action == NotSatisfiedAction.Reopen ? "reopened" : "escalated");
            }
            var now = time.GetStoredUtcNow();
            var by = callers.Current.Id;
            var moved = command.Satisfied == true
                ? complaint.Close(ComplaintOutcome.Satisfied, note, now, by)
                : complaint.MoveTo(action == NotSatisfiedAction.Reopen ? ComplaintStatus.Reopened : ComplaintStatus.Escalated,
                    note ?? "Customer not satisfied.", now, by);
            return moved ? null : NotNow(complaint, "closed");
        }, cancellationToken);
    }

    /// <summary>Escalates the complaint to a supervisor (by hand; the clock sweep escalates breaches itself).</summary>
    public async Task<Outcome<CustomerComplaint>> EscalateAsync(string complaintId, EscalateComplaintCommand command, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var reason = errors.RequiredText("reason", command.Reason, MaxNoteLength);
        if (errors.Any)
        {
            return Outcome<CustomerComplaint>.Invalid(errors.ToDictionary());
        }
        return await ChangeAsync(complaintId, "complaint.escalate", ComplaintAudit.EscalatedAction, true,
            complaint => complaint.MoveTo(ComplaintStatus.Escalated, reason, time.GetStoredUtcNow(), callers.Current.Id)
                ? null
                : NotNow(complaint, "escalated"),
            cancellationToken);
    }

    /// <summary>
    /// Links two complaints about the same matter (both stay open), or merges this one into the other: this one is
    /// closed as merged, the other becomes its master; both keep their own history and show the link.
    /// </summary>
    public async Task<Outcome<CustomerComplaint>> LinkAsync(string complaintId, LinkComplaintCommand command, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var otherId = errors.RequiredText("otherComplaintId", command.OtherComplaintId, 40);
        var kindText = errors.RequiredText("kind", command.Kind, 16);
        var kind = LinkRequestKind.Related;
        if (kindText is not null && !WireNames<LinkRequestKind>.TryParse(kindText, out kind))
        {
            errors.Add("kind", "Unknown kind; use one of: " + string.Join(", ", WireNames<LinkRequestKind>.All) + ".");
        }
        if (otherId is not null && otherId == complaintId)
        {
            errors.Add("otherComplaintId", "A complaint cannot be linked to itself.");
        }
        if (errors.Any)
        {
            return Outcome<CustomerComplaint>.Invalid(errors.ToDictionary());
        }
        var other = await db.Complaints.FirstOrDefaultAsync(c => c.ComplaintId == otherId, cancellationToken);
        if (other is null || !CallerSees(other))
        {
            return Outcome<CustomerComplaint>.Invalid("otherComplaintId", $"No complaint has the id '{otherId}'.");
        }
        var action = kind == LinkRequestKind.Merge ? ComplaintAudit.MergedAction : ComplaintAudit.LinkedAction;
        return await ChangeAsync(complaintId, "complaint.link", action, false, complaint =>
        {
            if (complaint.IsLinkedTo(other.ComplaintId))
            {
                return Outcome<CustomerComplaint>.Conflict("Already linked.", $"Complaints {complaint.ComplaintId} and {other.ComplaintId} are already linked.");
            }
            var now = time.GetStoredUtcNow();
            var by = callers.Current.Id;
            if (kind == LinkRequestKind.Related)
            {
                complaint.AddLink(other.ComplaintId, ComplaintLinkKind.Related, now, by);
                other.AddLink(complaint.ComplaintId, ComplaintLinkKind.Related, now, by);
                return null;
            }
            if (!other.IsOpen || other.HallId != complaint.HallId)
            {
                return Outcome<CustomerComplaint>.Conflict("Cannot merge.",
                    $"The master {other.ComplaintId} must be open and of the same hall as {complaint.ComplaintId}.");
            }
            if (!complaint.MergeInto(other.ComplaintId, now, by))
            {
                return NotNow(complaint, "closed");
            }
            other.AddLink(complaint.ComplaintId, ComplaintLinkKind.MergedFrom, now, by);
            audit.Record(action, ComplaintAudit.RecordType, other.ComplaintId, other.CustomerPhoneRef,
                after: new { mergedFrom = complaint.ComplaintId }, hallId: other.HallId);
            return null;
        }, cancellationToken, oneAttempt: true);
    }

    /// <summary>The open complaints of the caller's halls whose next clock is breached or due within the warning lead time.</summary>
    public async Task<Outcome<ResultPage<OverdueComplaint>>> OverdueAsync(PageRequest paging, CancellationToken cancellationToken)
    {
        var horizon = time.GetStoredUtcNow() + options.Value.WarningBefore;
        var now = time.GetStoredUtcNow();
        var query = VisibleComplaints(db.Complaints.AsNoTracking())
            .Where(c => c.Status != ComplaintStatus.Closed && c.Status != ComplaintStatus.Withdrawn)
            .Where(c => (c.FirstResponseAt == null && c.FirstResponseDueAt <= horizon)
                || (c.Status != ComplaintStatus.Responded && c.ResolutionDueAt <= horizon));
        var total = await query.CountAsync(cancellationToken);
        var rows = await query
            .OrderBy(c => c.FirstResponseAt == null && c.FirstResponseDueAt < c.ResolutionDueAt ? c.FirstResponseDueAt : c.ResolutionDueAt)
            .ThenBy(c => c.ComplaintId)
            .Skip(paging.Skip).Take(paging.PageSize)
            .Select(c => new { c.ComplaintId, c.HallId, c.Category, c.Status, c.DepartmentId, c.HandlerId, c.FirstResponseAt, c.FirstResponseDueAt, c.ResolutionDueAt })
            .ToListAsync(cancellationToken);
        var items = rows.Select(c =>
        {
            var firstResponse = c.FirstResponseAt is null && c.FirstResponseDueAt <= c.ResolutionDueAt;
            var due = firstResponse ? c.FirstResponseDueAt : c.ResolutionDueAt;
            return new OverdueComplaint(c.ComplaintId, c.HallId, c.Category, c.Status, c.DepartmentId, c.HandlerId,
                firstResponse ? ComplaintClock.FirstResponse : ComplaintClock.Resolution, due, due < now);
        }).ToList();
        return Outcome<ResultPage<OverdueComplaint>>.Ok(paging.Of<OverdueComplaint>(items, total));
    }

    /// <summary>
    /// The complainant's contact for Quality (CaseContacts): service callers only; the read of personal data is
    /// audited. NotFound for an unknown id.
    /// </summary>
    public async Task<Outcome<CustomerComplaint>> CaseContactAsync(string? caseId, CancellationToken cancellationToken)
    {
        if (callers.Current.Kind != HallPlatform.Identity.CallerKind.Service)
        {
            return Outcome<CustomerComplaint>.Forbidden("Services only", "A complaint's contact is given to HallPlatform services only.");
        }
        var errors = new FieldErrors();
        var id = errors.RequiredText("caseId", caseId, 40);
        if (errors.Any)
        {
            return Outcome<CustomerComplaint>.Invalid(errors.ToDictionary());
        }
        var complaint = await db.Complaints.AsNoTracking().FirstOrDefaultAsync(c => c.ComplaintId == id, cancellationToken);
        if (complaint is null)
        {
            return NotFound(id!);
        }
        await audit.RecordReadAsync(ComplaintAudit.PersonalDataReadAction, ComplaintAudit.RecordType, complaint.ComplaintId, complaint.CustomerPhoneRef,
            new { complaint.ComplaintId, caseContact = true }, cancellationToken, hallId: complaint.HallId);
        return Outcome<CustomerComplaint>.Ok(complaint);
    }

    /// <summary>How many complaints the same customer (phone blind index) made in the repeat window, this one included.</summary>
    public async Task<int> RepeatCountAsync(CustomerComplaint complaint, CancellationToken cancellationToken)
    {
        if (complaint.CustomerPhoneRef is null)
        {
            return 1;
        }
        var since = time.GetStoredUtcNow() - TimeSpan.FromDays(Math.Max(1, options.Value.RepeatWindowDays));
        return await db.Complaints.AsNoTracking()
            .CountAsync(c => c.CustomerPhoneRef == complaint.CustomerPhoneRef && c.ReceivedAt >= since, cancellationToken);
    }

    /// <summary>How many times a change is applied to a freshly read complaint before a concurrent change is a 409.</summary>
    private const int ChangeAttempts = 3;

    /// <summary>
    /// Loads the complaint for a change (another hall's, or one about the caller, answers like an unknown id), applies
    /// <paramref name="apply"/> (null = done, else the failure), and commits the change with its audit entry, the
    /// customer's message for a new status and the status event, or nothing. When the row changed between the read and
    /// the write (the clock sweep stamping a deadline warning, another request), the change is applied again to what
    /// is now stored, so its rules are checked against the current state; only repeated collisions are a 409.
    /// <paramref name="oneAttempt"/>: <paramref name="apply"/> also changes an entity read before (a link's other
    /// complaint), which a fresh attempt would not read again, so a collision is a 409 at once.
    /// </summary>
    private async Task<Outcome<CustomerComplaint>> ChangeAsync(
        string complaintId, string spanName, string auditAction, bool noteGiven, Func<CustomerComplaint, Outcome<CustomerComplaint>?> apply,
        CancellationToken cancellationToken, string? departmentName = null, bool oneAttempt = false)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await ChangeOnceAsync(complaintId, spanName, auditAction, noteGiven, apply, departmentName, cancellationToken);
            }
            catch (DbUpdateConcurrencyException) when (!oneAttempt && attempt < ChangeAttempts)
            {
                db.ChangeTracker.Clear();
            }
            catch (DbUpdateConcurrencyException)
            {
                db.ChangeTracker.Clear();
                LogConcurrentStatusChange(complaintId);
                return ConcurrentChange(complaintId);
            }
        }
    }

    private static Outcome<CustomerComplaint> ConcurrentChange(string complaintId) => Outcome<CustomerComplaint>.Conflict(
        "Complaint changed concurrently.",
        $"Complaint {complaintId} was changed by another request. Read it again and retry.");

    private async Task<Outcome<CustomerComplaint>> ChangeOnceAsync(
        string complaintId, string spanName, string auditAction, bool noteGiven, Func<CustomerComplaint, Outcome<CustomerComplaint>?> apply,
        string? departmentName, CancellationToken cancellationToken)
    {
        var complaint = await db.Complaints.FirstOrDefaultAsync(c => c.ComplaintId == complaintId, cancellationToken);
        if (complaint is null || !CallerSees(complaint))
        {
            return NotFound(complaintId);
        }
        using var journey = JourneyTrace.Start(ComplaintTelemetry.Source, spanName, complaint.JourneyTraceParent);
        journey.Activity?.SetTag("hall.id", complaint.HallId);
        journey.Activity?.SetTag("hall.complaint_id", complaint.ComplaintId);
        journey.Activity?.SetTag("hall.journey_id", complaint.JourneyId);
        var from = complaint.Status;
        var before = ComplaintAuditSnapshot.Of(complaint);
        if (apply(complaint) is { } failure)
        {
            return failure;
        }
        audit.Record(auditAction, ComplaintAudit.RecordType, complaint.ComplaintId, complaint.CustomerPhoneRef,
            before, ComplaintAuditSnapshot.Of(complaint) with { NoteGiven = noteGiven }, hallId: complaint.HallId);
        if (complaint.Status != from)
        {
            journey.Activity?.SetTag("hall.status_from", from.ToWire());
            journey.Activity?.SetTag("hall.status_to", complaint.Status.ToWire());
            if (departmentName is null && complaint.DepartmentId is { } departmentId && complaint.Status == ComplaintStatus.Assigned)
            {
                departmentName = await db.Departments.AsNoTracking().Where(d => d.DepartmentId == departmentId)
                    .Select(d => d.Name).FirstOrDefaultAsync(cancellationToken);
            }
            QueueCustomerMessage(complaint, departmentName);
            db.RecordIntegrationEvent(ComplaintEvents.StatusChanged(complaint, from, complaint.JourneyId, callers.Current.Id), time.GetStoredUtcNow());
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (CommunicationOutbox.IsDuplicateSource(exception))
        {
            // The same status message was queued by a concurrent request that made the same change first.
            LogConcurrentStatusChange(complaintId);
            return ConcurrentChange(complaintId);
        }
        if (complaint.Status != from)
        {
            LogStatusChanged(complaintId, from, complaint.Status);
        }
        return Outcome<CustomerComplaint>.Ok(complaint);
    }

    private static Outcome<CustomerComplaint> NotNow(CustomerComplaint complaint, string wanted)
    {
        var allowed = ComplaintLifecycle.NextStatuses(complaint.Status);
        var allowedText = allowed.Count == 0 ? "none, it is final" : string.Join(", ", allowed.Select(s => s.ToWire()));
        return Outcome<CustomerComplaint>.Conflict(
            "Status change not allowed.",
            $"Complaint {complaint.ComplaintId} is '{complaint.Status.ToWire()}' and cannot become '{wanted}' now. Allowed next statuses: {allowedText}.");
    }

    private static TEnum ParseRequired<TEnum>(string field, string? text, FieldErrors errors) where TEnum : struct, Enum
    {
        var value = errors.RequiredText(field, text, 32);
        if (value is not null && WireNames<TEnum>.TryParse(value, out var parsed))
        {
            return parsed;
        }
        if (value is not null)
        {
            errors.Add(field, $"Unknown {field}; use one of: " + string.Join(", ", WireNames<TEnum>.All) + ".");
        }
        return default;
    }
}
