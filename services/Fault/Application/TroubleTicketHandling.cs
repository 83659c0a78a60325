using HallPlatform.Fault.Data;
using HallPlatform.Fault.Domain;
using HallPlatform.Application;
using HallPlatform.Audit;
using HallPlatform.Identity;
using HallPlatform.Notifications;
using HallPlatform.Messaging;
using HallPlatform.Privacy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace HallPlatform.Fault.Application;

/// <summary>A fault report exactly as a channel sent it (REST body or gRPC request), not yet checked.</summary>
public sealed record ReportFaultCommand(
    string? Channel,
    string? ExternalId,
    string? Name,
    string? Description,
    string? Severity,
    string? TicketType,
    string? HallId,
    string? CustomerPhone,
    string? CustomerName = null,
    string? ServiceAffected = null);

/// <summary>Reception's request to open the ticket of a called visit, exactly as sent, not yet checked.</summary>
public sealed record OpenTicketForVisitCommand(
    string? VisitId,
    string? JourneyId,
    string? HallId,
    string? ServiceType,
    string? CounterId,
    string? TicketNumber,
    string? CustomerName,
    string? CustomerPhone,
    string? Description);

public sealed record TroubleTicketQuery(TicketStatus? Status, Channel? Channel, PageRequest Page);

/// <summary>
/// The trouble ticket use cases. REST and gRPC both call these, so both transports are audited alike; neither talks
/// to the database itself.
/// </summary>
public sealed partial class TroubleTicketHandling(
    FaultDbContext db,
    AuditTrail audit,
    CommunicationOutbox communications,
    CommunicationTemplates communicationTemplates,
    BlindIndex blindIndex,
    TimeProvider time,
    IHallCallerAccessor callers,
    IOptions<FaultOptions> options,
    ILogger<TroubleTicketHandling> logger)
{
    public const int MaxReasonLength = 500;

    // A lost optimistic-concurrency race is re-evaluated against the fresh status a few times before giving up.
    private const int MaxConcurrencyRetries = 5;

    /// <summary>
    /// Registers a fault: Created for a new ticket, Replayed when a partner retries the same report, KeyReused when its
    /// (channel, externalId) names a different report.
    /// </summary>
    public async Task<Outcome<TroubleTicket>> ReportAsync(ReportFaultCommand command, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var report = Validate(command, errors);
        if (report is null)
        {
            return Outcome<TroubleTicket>.Invalid(errors.ToDictionary());
        }
        if (RefuseReporter(report) is { } refused)
        {
            return refused;
        }

        if (report.ExternalId is { } externalId)
        {
            var existing = await FindByExternalIdAsync(report.Channel, externalId, cancellationToken);
            if (existing is not null)
            {
                return await ReplayAsync(existing, report, cancellationToken);
            }
        }

        var ticket = TroubleTicket.Register(report, time.GetStoredUtcNow(), ReportingPartnerId,
            report.CustomerPhone is { } phone ? blindIndex.Of(phone) : null, SlaFor(report.Severity, report.TicketType));
        AddNew(ticket);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (IsExternalIdUniqueViolation(exception))
        {
            // A concurrent retry of the same report inserted first: the unique index decided, answer with its ticket.
            // Clearing drops this attempt's "reported" entry too: only the winner's registration is in the trail.
            db.ChangeTracker.Clear();
            var winner = await FindByExternalIdAsync(report.Channel, report.ExternalId!, cancellationToken)
                ?? throw new InvalidOperationException("The ticket that won the unique index is not readable.", exception);
            return await ReplayAsync(winner, report, cancellationToken);
        }

        LogTicketRegistered(ticket.TicketId, ticket.Channel, ticket.Severity, ticket.TicketType);
        return Outcome<TroubleTicket>.Created(ticket);
    }

    /// <summary>
    /// Opens the ticket of a hall visit a counter has called: Created the first time, Replayed with the same ticket for
    /// every repeat (Reception retries until it hears back), also when repeats race. Services only: a partner or a
    /// staff member cannot open tickets in a visit's name.
    /// </summary>
    public async Task<Outcome<TroubleTicket>> OpenForVisitAsync(OpenTicketForVisitCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (callers.Current.Kind != CallerKind.Service)
        {
            LogOpenForVisitRefused(callers.Current.Kind);
            return Outcome<TroubleTicket>.Forbidden("Services only",
                "Only Reception opens the tickets of hall visits; report a fault with ReportFault instead.");
        }
        var errors = new FieldErrors();
        var visit = ValidateVisit(command, errors);
        if (visit is null)
        {
            return Outcome<TroubleTicket>.Invalid(errors.ToDictionary());
        }
        if (await FindByVisitAsync(visit.VisitId, cancellationToken) is { } existing)
        {
            return Outcome<TroubleTicket>.Replayed(existing);
        }

        var ticket = TroubleTicket.OpenForVisit(visit, time.GetStoredUtcNow(), visit.CustomerPhone is { } phone ? blindIndex.Of(phone) : null,
            SlaFor(Severity.Minor, TicketType.Other));
        AddNew(ticket);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (IsUniqueViolation(exception, FaultDbContext.VisitIdIndexName))
        {
            // A concurrent repeat for the same visit inserted first: the unique index decided, answer with its ticket.
            db.ChangeTracker.Clear();
            var winner = await FindByVisitAsync(visit.VisitId, cancellationToken)
                ?? throw new InvalidOperationException("The ticket that won the unique index is not readable.", exception);
            return Outcome<TroubleTicket>.Replayed(winner);
        }
        LogTicketOpenedForVisit(ticket.TicketId, ticket.VisitId!);
        return Outcome<TroubleTicket>.Created(ticket);
    }

    /// <summary>Checks Reception's request; field errors keyed by the camelCase field name.</summary>
    public static VisitFault? ValidateVisit(OpenTicketForVisitCommand command, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(errors);
        var visitId = Optional(command.VisitId);
        if (visitId is null)
        {
            errors.Add("visitId", "visitId is required.");
        }
        MaxLength(visitId, VisitFault.MaxVisitIdLength, "visitId", errors);
        var journeyId = Optional(command.JourneyId);
        if (journeyId is not null && !JourneyIds.IsValid(journeyId))
        {
            errors.Add("journeyId", $"journeyId must be '{JourneyIds.Prefix}' and lower-case letters or digits, at most {JourneyIds.MaxLength} characters.");
        }
        var hallId = HallIds.Required("hallId", command.HallId, errors);
        var serviceType = Optional(command.ServiceType) ?? "";
        MaxLength(serviceType, 40, "serviceType", errors);
        var counterId = Optional(command.CounterId) ?? "";
        MaxLength(counterId, 40, "counterId", errors);
        var ticketNumber = Optional(command.TicketNumber) ?? "";
        MaxLength(ticketNumber, 8, "ticketNumber", errors);
        var name = Optional(command.CustomerName);
        MaxLength(name, VisitFault.MaxCustomerNameLength, "customerName", errors);
        var description = Optional(command.Description);
        MaxLength(description, FaultReport.MaxDescriptionLength, "description", errors);
        var phone = NormalizePhone(command.CustomerPhone, errors);
        return errors.Any
            ? null
            : new VisitFault(visitId!, journeyId, hallId!, serviceType, counterId, ticketNumber, name, phone, description);
    }

    /// <summary>The ticket; NotFound also when it belongs to another partner (the same answer, so ids do not leak).</summary>
    public async Task<Outcome<TroubleTicket>> GetAsync(string? ticketId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(ticketId))
        {
            var errors = new FieldErrors();
            errors.Add("ticketId", "ticketId is required.");
            return Outcome<TroubleTicket>.Invalid(errors.ToDictionary());
        }
        var ticket = await VisibleTickets().AsNoTracking().SingleOrDefaultAsync(t => t.TicketId == ticketId, cancellationToken);
        if (ticket is not null)
        {
            // The answer carries the customer's (masked) phone and the fault text: who looked is recorded before it leaves.
            await audit.RecordReadAsync(TroubleTicketAudit.PersonalDataReadAction, TroubleTicketAudit.RecordType, ticket.TicketId, ticket.CustomerPhoneRef,
                new { ticket.TicketId }, cancellationToken, hallId: ticket.HallId);
        }
        return ticket is null ? NotFound(ticketId) : Outcome<TroubleTicket>.Ok(ticket);
    }

    public async Task<Outcome<ResultPage<TroubleTicket>>> ListAsync(TroubleTicketQuery query, CancellationToken cancellationToken)
    {
        var tickets = VisibleTickets().AsNoTracking();
        if (query.Status is { } status)
        {
            tickets = tickets.Where(t => t.Status == status);
        }
        if (query.Channel is { } channel)
        {
            tickets = tickets.Where(t => t.Channel == channel);
        }

        var total = await tickets.CountAsync(cancellationToken);
        var items = await tickets
            .OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.TicketId)
            .Skip(query.Page.Skip).Take(query.Page.PageSize)
            .ToListAsync(cancellationToken);
        // List items carry personal data too: the entry names every ticket shown (ids only).
        await audit.RecordReadAsync(TroubleTicketAudit.ListReadAction, TroubleTicketAudit.RecordType, AuditEntry.CollectionRecordId, customerRef: null,
            new
            {
                status = query.Status?.ToWire(),
                channel = query.Channel?.ToWire(),
                query.Page.Page,
                ticketIds = items.Select(t => t.TicketId).ToList(),
            },
            cancellationToken);
        return Outcome<ResultPage<TroubleTicket>>.Ok(query.Page.Of<TroubleTicket>(items, total));
    }

    /// <summary>
    /// Moves a ticket to the named TMF621 status: the plain status route, which takes the step that leads there from the
    /// current status (<see cref="TicketSteps.ForMove"/>) with that step's rules. A refused move is a Conflict whose value
    /// is the ticket as it stands, so REST can name its status. Closing needs the customer's score: <see cref="TakeStepAsync"/>
    /// with <see cref="TicketStep.Confirm"/>.
    /// </summary>
    public async Task<Outcome<TroubleTicket>> ChangeStatusAsync(string ticketId, string? status, string? reason, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (!TicketStatusNames.TryParsePublic(status, out var target))
        {
            errors.Add("status", string.IsNullOrWhiteSpace(status)
                ? $"status is required: one of {string.Join(", ", TicketStatusNames.Public)}."
                : $"Unknown status '{status.Trim()}': use one of {string.Join(", ", TicketStatusNames.Public)}.");
        }
        var trimmedReason = CheckReason(reason, required: false, errors);
        if (errors.Any)
        {
            return Outcome<TroubleTicket>.Invalid(errors.ToDictionary());
        }

        return await ChangeAsync(ticketId, (ticket, now) =>
        {
            if (target == TicketStatus.Closed && ticket.Status == TicketStatus.Resolved)
            {
                return Outcome<TroubleTicket>.Conflict("Closing needs the customer's confirmation",
                    $"Trouble ticket {ticketId} closes when the customer confirms the repair with a satisfaction score: POST its confirm step.") with { Value = ticket };
            }
            var step = TicketSteps.ForMove(ticket.Status, target);
            if (step is null)
            {
                LogStatusChangeRefused(ticketId, ticket.Status, target);
                return Outcome<TroubleTicket>.Conflict(
                    "Forbidden trouble ticket status change",
                    $"Trouble ticket {ticketId} is {ticket.Status.ToWire()}; it cannot move to {target.ToWire()}.") with { Value = ticket };
            }
            if (TicketSteps.NeedsReason(step.Value) && trimmedReason.Length == 0)
            {
                return Outcome<TroubleTicket>.Invalid("reason", $"reason is required to move a ticket to {target.ToWire()}.");
            }
            return TakeStep(ticket, step.Value, trimmedReason, null, now);
        }, TroubleTicketAudit.StatusChangedAction, cancellationToken);
    }

    /// <summary>
    /// Takes a named step (reject, start, hold, resume, request information, information received, resolve, cancel,
    /// reopen, confirm). A step the current status does not allow is a Conflict carrying the ticket; confirm needs a
    /// satisfaction score 1-5; a reopen is allowed only inside the confirmation period.
    /// </summary>
    public async Task<Outcome<TroubleTicket>> TakeStepAsync(
        string ticketId, TicketStep step, string? reason, int? satisfactionScore, CancellationToken cancellationToken)
    {
        if (step == TicketStep.AutoClose)
        {
            throw new ArgumentOutOfRangeException(nameof(step), "Only the closure sweep closes tickets automatically.");
        }
        var errors = new FieldErrors();
        var trimmedReason = CheckReason(reason, TicketSteps.NeedsReason(step), errors);
        if (step == TicketStep.Confirm && satisfactionScore is not (>= 1 and <= TroubleTicket.MaxSatisfactionScore))
        {
            errors.Add("satisfactionScore", satisfactionScore is null
                ? "satisfactionScore is required: the customer's satisfaction from 1 (poor) to 5 (excellent)."
                : "satisfactionScore must be from 1 to 5.");
        }
        if (errors.Any)
        {
            return Outcome<TroubleTicket>.Invalid(errors.ToDictionary());
        }
        if (step == TicketStep.Confirm && trimmedReason.Length == 0)
        {
            trimmedReason = "customer confirmed the repair";
        }
        return await ChangeAsync(ticketId, (ticket, now) => TakeStep(ticket, step, trimmedReason, satisfactionScore, now),
            TroubleTicketAudit.StatusChangedAction, cancellationToken);
    }

    /// <summary>The technician's analysis: cause category and findings (in progress only).</summary>
    public async Task<Outcome<TroubleTicket>> RecordAnalysisAsync(string ticketId, string? causeCategory, string? findings,
        string? area, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var cause = Parse<CauseCategory>(causeCategory, "causeCategory", errors);
        var text = errors.RequiredText("findings", findings, TicketAnalysis.MaxFindingsLength);
        var areaCode = Optional(area);
        if (areaCode is not null && !AreaCodes.IsValid(areaCode))
        {
            errors.Add("area", "area " + AreaCodes.InvalidMessage);
        }
        if (errors.Any)
        {
            return Outcome<TroubleTicket>.Invalid(errors.ToDictionary());
        }
        return await ChangeAsync(ticketId, (ticket, now) =>
        {
            if (!ticket.TryRecordAnalysis(cause!.Value, text!, now, ChangedBy))
            {
                return Outcome<TroubleTicket>.Conflict("Analysis needs a ticket in progress",
                    $"Trouble ticket {ticketId} is {ticket.Status.ToWire()}; start work on it before recording an analysis.") with { Value = ticket };
            }
            if (areaCode is not null)
            {
                ticket.SetArea(areaCode);
            }
            return null;
        }, TroubleTicketAudit.AnalysedAction, cancellationToken);
    }

    /// <summary>The fix on the spot: the action taken is recorded and the ticket resolved (in progress, analysed).</summary>
    public async Task<Outcome<TroubleTicket>> FixOnSiteAsync(string ticketId, string? action, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var text = errors.RequiredText("action", action, MaxReasonLength);
        if (errors.Any)
        {
            return Outcome<TroubleTicket>.Invalid(errors.ToDictionary());
        }
        return await ChangeAsync(ticketId, (ticket, now) =>
        {
            if (ticket.Analysis is null)
            {
                return Outcome<TroubleTicket>.Conflict("Analyse before fixing",
                    $"Trouble ticket {ticketId} has no analysis yet; record the cause and findings first.") with { Value = ticket };
            }
            return ticket.TryFixOnSite(text!, now, ChangedBy) ? null : StepRefused(ticket, TicketStep.Resolve);
        }, TroubleTicketAudit.StatusChangedAction, cancellationToken);
    }

    /// <summary>A note by the caller (author = caller id).</summary>
    public async Task<Outcome<TroubleTicket>> AddNoteAsync(string ticketId, string? text, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var noteText = errors.RequiredText("text", text, TicketNote.MaxTextLength);
        if (errors.Any)
        {
            return Outcome<TroubleTicket>.Invalid(errors.ToDictionary());
        }
        return await ChangeAsync(ticketId, (ticket, now) => ticket.TryAddNote(ChangedBy, noteText!, now)
            ? null
            : Outcome<TroubleTicket>.Conflict("Too many notes", $"A ticket holds at most {TroubleTicket.MaxNotes} notes.") with { Value = ticket },
            TroubleTicketAudit.NoteAddedAction, cancellationToken);
    }

    /// <summary>Attachment metadata: name, media type (type/subtype), size in bytes, and an http(s) url or a reference.</summary>
    public async Task<Outcome<TroubleTicket>> AddAttachmentAsync(
        string ticketId, string? name, string? mediaType, long? size, string? url, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var fileName = errors.RequiredText("name", name, TicketAttachment.MaxNameLength);
        var type = errors.RequiredText("mediaType", mediaType, TicketAttachment.MaxMediaTypeLength);
        if (type is not null && !IsMediaType(type))
        {
            errors.Add("mediaType", "mediaType must be a media type such as image/jpeg or application/pdf.");
        }
        if (size is null)
        {
            errors.Add("size", "size (in bytes) is required.");
        }
        else if (size < 0 || size > TicketAttachment.MaxSize)
        {
            errors.Add("size", $"size must be from 0 to {TicketAttachment.MaxSize} bytes.");
        }
        var location = errors.RequiredText("url", url, TicketAttachment.MaxUrlLength);
        if (location is not null && !IsAttachmentLocation(location))
        {
            errors.Add("url", "url must be an absolute http or https url, or a reference without spaces.");
        }
        if (errors.Any)
        {
            return Outcome<TroubleTicket>.Invalid(errors.ToDictionary());
        }
        return await ChangeAsync(ticketId, (ticket, now) =>
            ticket.TryAddAttachment(new TicketAttachment(fileName!, type!.ToLowerInvariant(), size!.Value, location!, ChangedBy, now))
                ? null
                : Outcome<TroubleTicket>.Conflict("Too many attachments", $"A ticket holds at most {TroubleTicket.MaxAttachments} attachments.") with { Value = ticket },
            TroubleTicketAudit.AttachmentAddedAction, cancellationToken);
    }

    /// <summary>
    /// Closes one resolved ticket whose confirmation period has passed without an answer (the closure sweep's work):
    /// Ok when closed, NotFound when it is gone, Conflict when it is no longer resolved or its period runs still.
    /// </summary>
    public async Task<Outcome<TroubleTicket>> AutoCloseAsync(string ticketId, CancellationToken cancellationToken) =>
        await ChangeAsync(ticketId, (ticket, now) =>
        {
            if (ticket.Status != TicketStatus.Resolved || now < ticket.StatusChangeDate + options.Value.ConfirmationPeriod)
            {
                return Outcome<TroubleTicket>.Conflict("Not due for closure", $"Trouble ticket {ticketId} is not waiting past its confirmation period.");
            }
            return ticket.TryTake(TicketStep.AutoClose, TroubleTicket.AutoClosedReason, now, SystemActor) ? null : StepRefused(ticket, TicketStep.AutoClose);
        }, TroubleTicketAudit.StatusChangedAction, cancellationToken);

    /// <summary>The open tickets past their SLA maximum now, most overdue first (staff limited to halls: theirs).</summary>
    public async Task<Outcome<ResultPage<TroubleTicket>>> OverdueAsync(PageRequest page, CancellationToken cancellationToken)
    {
        var now = time.GetStoredUtcNow();
        var overdue = VisibleTickets().AsNoTracking()
            .Where(t => (t.Status == TicketStatus.Acknowledged || t.Status == TicketStatus.InProgress || t.Status == TicketStatus.Held)
                && t.ExpectedResolutionDate < now);
        var total = await overdue.CountAsync(cancellationToken);
        var items = await overdue.OrderBy(t => t.ExpectedResolutionDate).ThenBy(t => t.TicketId)
            .Skip(page.Skip).Take(page.PageSize).ToListAsync(cancellationToken);
        await audit.RecordReadAsync(TroubleTicketAudit.ListReadAction, TroubleTicketAudit.RecordType, AuditEntry.CollectionRecordId, customerRef: null,
            new { overdue = true, page.Page, ticketIds = items.Select(t => t.TicketId).ToList() }, cancellationToken);
        return Outcome<ResultPage<TroubleTicket>>.Ok(page.Of<TroubleTicket>(items, total));
    }

    /// <summary>The step on a tracked ticket, or the refusal (a reopen past the confirmation period is refused too).</summary>
    private Outcome<TroubleTicket>? TakeStep(TroubleTicket ticket, TicketStep step, string reason, int? satisfactionScore, DateTimeOffset now)
    {
        if (step == TicketStep.Reopen && ticket.Status == TicketStatus.Resolved
            && now > ticket.StatusChangeDate + options.Value.ConfirmationPeriod)
        {
            return Outcome<TroubleTicket>.Conflict("Confirmation period over",
                $"Trouble ticket {ticket.TicketId} was resolved more than {options.Value.ConfirmationPeriod} ago; report the fault again.") with { Value = ticket };
        }
        return ticket.TryTake(step, reason, now, ChangedBy, satisfactionScore) ? null : StepRefused(ticket, step);
    }

    private Outcome<TroubleTicket> StepRefused(TroubleTicket ticket, TicketStep step)
    {
        var target = TicketSteps.Target(step);
        LogStatusChangeRefused(ticket.TicketId, ticket.Status, target);
        return Outcome<TroubleTicket>.Conflict(
            "Forbidden trouble ticket status change",
            $"Trouble ticket {ticket.TicketId} is {ticket.Status.ToWire()}; it cannot move to {target.ToWire()} now.") with { Value = ticket };
    }

    /// <summary>
    /// Reads the visible ticket tracked, applies <paramref name="change"/> (null = done, else the refusal), records the
    /// audit entry and, when the status moved, the customer's message and the status event, all in one SaveChanges. A
    /// lost optimistic-concurrency race is decided again against the fresh ticket.
    /// </summary>
    private async Task<Outcome<TroubleTicket>> ChangeAsync(
        string ticketId, Func<TroubleTicket, DateTimeOffset, Outcome<TroubleTicket>?> change, string auditAction, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var ticket = await VisibleTickets().SingleOrDefaultAsync(t => t.TicketId == ticketId, cancellationToken);
            if (ticket is null)
            {
                return NotFound(ticketId);
            }

            // The change joins the journey's trace (the call days ago); this request is linked.
            using var journey = FaultTelemetry.JoinJourney(ticket, "fault.status-change");
            journey.Activity?.SetTag("hall.status_from", ticket.Status.ToWire());
            var from = ticket.Status;
            var historyBefore = ticket.StatusChangeHistory.Count;
            var before = TroubleTicketAuditSnapshot.Of(ticket);
            if (change(ticket, time.GetStoredUtcNow()) is { } refused)
            {
                return refused;
            }
            var moved = ticket.StatusChangeHistory.Count > historyBefore;
            journey.Activity?.SetTag("hall.status_to", ticket.Status.ToWire());
            // Free text (reason, note, findings) may quote the customer: the trail says only whether a reason was given.
            // A lost race clears the change tracker, this entry with it, so only the change that commits is recorded.
            audit.Record(moved ? TroubleTicketAudit.StatusChangedAction : auditAction, TroubleTicketAudit.RecordType, ticket.TicketId,
                ticket.CustomerPhoneRef, before,
                TroubleTicketAuditSnapshot.Of(ticket) with { ReasonGiven = moved ? ticket.StatusChangeReason.Length > 0 : null }, hallId: ticket.HallId);
            if (moved)
            {
                QueueCustomerMessage(ticket);
                var recordedAt = time.GetStoredUtcNow();
                db.RecordIntegrationEvent(TroubleTicketEvents.StatusChanged(ticket, from, ticket.JourneyId, recordedAt), recordedAt);
                if (AppointmentStateMachine.EndsAppointments(ticket.Status))
                {
                    await EndActiveAppointmentAsync(ticket, cancellationToken);
                }
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
                if (moved)
                {
                    LogStatusChanged(ticketId, from, ticket.Status);
                }
                return Outcome<TroubleTicket>.Ok(ticket);
            }
            catch (DbUpdateException exception) when (attempt < MaxConcurrencyRetries
                && (exception is DbUpdateConcurrencyException || CommunicationOutbox.IsDuplicateSource(exception)))
            {
                // Someone else changed the ticket since we read it (the same change, when its message's source key is
                // already taken): decide again against its new status.
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>
    /// A ticket resolved, cancelled (or otherwise ended) by a step ends its active appointment by the appointment
    /// lifecycle (<see cref="Appointment.TryEndWithTicket"/>): a booked one is cancelled, an arrived one ends with the
    /// ticket, both with reason "ticket {status}", freeing the window; audited and evented with the step. The customer
    /// already hears of the ticket's status; no separate appointment message is sent.
    /// </summary>
    private async Task EndActiveAppointmentAsync(TroubleTicket ticket, CancellationToken cancellationToken)
    {
        var active = await db.Appointments.SingleOrDefaultAsync(a => a.TicketId == ticket.TicketId
            && (a.Status == AppointmentStatus.Booked || a.Status == AppointmentStatus.Arrived), cancellationToken);
        if (active is null)
        {
            return;
        }
        var before = AppointmentAuditSnapshot.Of(active);
        if (!active.TryEndWithTicket(ticket.Status, time.GetStoredUtcNow(), ChangedBy))
        {
            return;
        }
        audit.Record(DispatchAudit.ActionOf(active.History[^1].Step), TroubleTicketAudit.RecordType, ticket.TicketId, ticket.CustomerPhoneRef,
            before, AppointmentAuditSnapshot.Of(active), hallId: ticket.HallId);
        db.RecordIntegrationEvent(AppointmentEvents.Changed(active, ticket.JourneyId), time.GetStoredUtcNow());
    }

    private static string CheckReason(string? reason, bool required, FieldErrors errors)
    {
        var trimmed = reason?.Trim() ?? "";
        if (required && trimmed.Length == 0)
        {
            errors.Add("reason", "reason is required for this step.");
        }
        if (trimmed.Length > MaxReasonLength)
        {
            errors.Add("reason", $"reason must be at most {MaxReasonLength} characters.");
        }
        return trimmed;
    }

    private static bool IsMediaType(string value)
    {
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && slash < value.Length - 1 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '+' or '-')
            && value.IndexOf('/', slash + 1) < 0;
    }

    private static bool IsAttachmentLocation(string value) =>
        (Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        || (!value.Contains("://", StringComparison.Ordinal) && value.All(c => c > ' ' && c < 127));

    private SlaTerms SlaFor(Severity severity, TicketType ticketType)
    {
        var rule = options.Value.SlaFor(severity, ticketType);
        return new SlaTerms(rule.Target, rule.Maximum);
    }

    /// <summary>
    /// The customer's contact for a ticket (CaseContacts): service callers only (Quality calls the customer back or
    /// sends a survey invitation); NotFound for an unknown id. Reading it is recorded in the audit trail.
    /// </summary>
    public async Task<Outcome<TroubleTicket>> CaseContactAsync(string? caseId, CancellationToken cancellationToken)
    {
        if (callers.Current.Kind != CallerKind.Service)
        {
            return Outcome<TroubleTicket>.Forbidden("Services only", "A case's contact is given to services only.");
        }
        var errors = new FieldErrors();
        var id = errors.RequiredText("caseId", caseId, 40);
        if (errors.Any)
        {
            return Outcome<TroubleTicket>.Invalid(errors.ToDictionary());
        }
        var ticket = await db.TroubleTickets.AsNoTracking().SingleOrDefaultAsync(t => t.TicketId == id, cancellationToken);
        if (ticket is null)
        {
            return NotFound(id!);
        }
        await audit.RecordReadAsync(TroubleTicketAudit.CaseContactReadAction, TroubleTicketAudit.RecordType, ticket.TicketId, ticket.CustomerPhoneRef,
            new { ticket.TicketId }, cancellationToken, hallId: ticket.HallId);
        return Outcome<TroubleTicket>.Ok(ticket);
    }

    /// <summary>Who takes a step now: the caller's id (staff, partner or service).</summary>
    private string ChangedBy => callers.Current.Id;

    /// <summary>The actor the closure sweep records.</summary>
    public const string SystemActor = "system";

    /// <summary>
    /// The messages sent (or being sent) to the ticket's customer, recipient masked: staff only, and staff limited to
    /// halls see those of their halls' tickets (another hall's ticket answers like an unknown id).
    /// </summary>
    public async Task<Outcome<IReadOnlyList<CommunicationView>>> CommunicationsAsync(string ticketId, CancellationToken cancellationToken)
    {
        var caller = callers.Current;
        if (caller.Kind == CallerKind.Partner)
        {
            return Outcome<IReadOnlyList<CommunicationView>>.Forbidden("Staff only.",
                "A trouble ticket's customer communications are read by hall staff only.");
        }
        var ticket = await VisibleTickets().AsNoTracking()
            .Where(t => t.TicketId == ticketId)
            .Select(t => new { t.TicketId, t.HallId })
            .SingleOrDefaultAsync(cancellationToken);
        if (ticket is null)
        {
            return NotFound(ticketId).CastFailure<IReadOnlyList<CommunicationView>>();
        }
        var messages = await CommunicationQueries.ForSubjectAsync(
            db, communicationTemplates, TroubleTicketCommunications.SubjectKind, ticket.TicketId, cancellationToken);
        return Outcome<IReadOnlyList<CommunicationView>>.Ok(messages);
    }

    /// <summary>
    /// A new ticket, whatever its channel, with its audit entry and the customer's acknowledgement: one SaveChanges
    /// stores all three or none (a lost race clears them together).
    /// </summary>
    private void AddNew(TroubleTicket ticket)
    {
        // Opened inside the journey's trace (Reception's call over gRPC, or the partner's report that starts it).
        ticket.RememberJourneyTrace(JourneyTrace.Current());
        db.TroubleTickets.Add(ticket);
        // Partners hear of their new ticket from the outbox (partner hub), committed with it.
        var recordedAt = time.GetStoredUtcNow();
        db.RecordIntegrationEvent(TroubleTicketEvents.Created(ticket, recordedAt), recordedAt);
        audit.Record(TroubleTicketAudit.ReportedAction, TroubleTicketAudit.RecordType, ticket.TicketId, ticket.CustomerPhoneRef,
            after: TroubleTicketAuditSnapshot.Of(ticket), hallId: ticket.HallId);
        QueueCustomerMessage(ticket);
    }

    /// <summary>
    /// What every status move records besides the ticket itself (the dispatch use cases move tickets too): the audit
    /// entry, the customer's message and the status event, to be saved with the change.
    /// </summary>
    internal void RecordStatusMove(TroubleTicket ticket, TicketStatus from, TroubleTicketAuditSnapshot before)
    {
        audit.Record(TroubleTicketAudit.StatusChangedAction, TroubleTicketAudit.RecordType, ticket.TicketId, ticket.CustomerPhoneRef, before,
            TroubleTicketAuditSnapshot.Of(ticket) with { ReasonGiven = ticket.StatusChangeReason.Length > 0 }, hallId: ticket.HallId);
        QueueCustomerMessage(ticket);
        var recordedAt = time.GetStoredUtcNow();
        db.RecordIntegrationEvent(TroubleTicketEvents.StatusChanged(ticket, from, ticket.JourneyId, recordedAt), recordedAt);
        LogStatusChanged(ticket.TicketId, from, ticket.Status);
    }

    private void QueueCustomerMessage(TroubleTicket ticket)
    {
        if (TroubleTicketCommunications.ForLatestChange(ticket) is { } message)
        {
            communications.Queue(message);
        }
    }

    /// <summary>
    /// Checks a report. Partner channels (phone, online) must send their own reference so retries are recognised;
    /// a hall report must say which hall. Field errors are keyed by the camelCase field name. Public so the rules
    /// can be unit tested without a server.
    /// </summary>
    public static FaultReport? Validate(ReportFaultCommand command, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(errors);

        var channel = Parse<Channel>(command.Channel, "channel", errors);
        var severity = Parse<Severity>(command.Severity, "severity", errors);
        var ticketType = Parse<TicketType>(command.TicketType, "ticketType", errors);

        var externalId = Optional(command.ExternalId);
        if (externalId is null && channel is Channel.Phone or Channel.Online)
        {
            errors.Add("externalId", "externalId (the partner's own reference) is required for phone and online reports.");
        }
        MaxLength(externalId, FaultReport.MaxExternalIdLength, "externalId", errors);

        var name = Optional(command.Name);
        if (name is null)
        {
            errors.Add("name", "name (a short summary of the fault) is required.");
        }
        MaxLength(name, FaultReport.MaxNameLength, "name", errors);

        var description = Optional(command.Description) ?? "";
        MaxLength(description, FaultReport.MaxDescriptionLength, "description", errors);

        var hallId = Optional(command.HallId);
        if (hallId is null && channel is Channel.Hall)
        {
            errors.Add("hallId", "hallId is required for reports made in a hall.");
        }
        if (hallId is not null && !HallIds.IsValid(hallId))
        {
            errors.Add("hallId", HallIds.InvalidMessage("hallId"));
        }

        var phone = NormalizePhone(command.CustomerPhone, errors);
        var customerName = Optional(command.CustomerName);
        MaxLength(customerName, FaultReport.MaxCustomerNameLength, "customerName", errors);
        var serviceAffected = Optional(command.ServiceAffected);
        MaxLength(serviceAffected, FaultReport.MaxServiceAffectedLength, "serviceAffected", errors);

        return !errors.Any
            ? new FaultReport(channel!.Value, externalId, name!, description, severity!.Value, ticketType!.Value, hallId, phone,
                customerName, serviceAffected)
            : null;
    }

    // Fault has always read codes leniently (trimmed, any case).
    private static TEnum? Parse<TEnum>(string? value, string field, FieldErrors errors)
        where TEnum : struct, Enum
    {
        var names = WireNames<TEnum>.All;
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(field, $"{field} is required: one of {string.Join(", ", names)}.");
            return null;
        }
        if (!WireNames<TEnum>.TryParseLenient(value, out var parsed))
        {
            errors.Add(field, $"Unknown {field} '{value.Trim()}': use one of {string.Join(", ", names)}.");
            return null;
        }
        return parsed;
    }

    private static string? Optional(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static void MaxLength(string? value, int max, string field, FieldErrors errors)
    {
        if (value is { Length: var length } && length > max)
        {
            errors.Add(field, $"{field} must be at most {max} characters.");
        }
    }

    /// <summary>The shared phone rule (<see cref="PhoneNumbers.TryNormalize"/>); absent stays absent.</summary>
    private static string? NormalizePhone(string? phone, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(phone))
        {
            return null;
        }
        if (!PhoneNumbers.TryNormalize(phone, out var normalized))
        {
            // The value itself is not echoed back: it is personal data.
            errors.Add("customerPhone", PhoneNumbers.InvalidMessage("customerPhone"));
            return null;
        }
        return normalized;
    }

    /// <summary>The partner reporting now, or null when the caller is staff or a service.</summary>
    private string? ReportingPartnerId => callers.Current is { Kind: CallerKind.Partner } partner ? partner.Id : null;

    /// <summary>
    /// The tickets the caller may see at all (anything else answers like an unknown id): a partner only the tickets it
    /// reported; staff limited to halls their halls' tickets, plus, for technicians and supervisors, the partner
    /// channels' tickets that have no hall (on-site dispatch is cross-hall); services and all-hall staff every ticket.
    /// </summary>
    internal IQueryable<TroubleTicket> VisibleTickets()
    {
        var caller = callers.Current;
        if (ReportingPartnerId is { } partnerId)
        {
            return db.TroubleTickets.Where(t => t.ReporterPartnerId == partnerId);
        }
        if (!caller.IsLimitedToHalls)
        {
            return db.TroubleTickets;
        }
        var halls = caller.Halls.ToList();
        var seesHallless = SeesHalllessTickets(caller);
        return db.TroubleTickets.Where(t => t.HallId == null ? seesHallless : halls.Contains(t.HallId));
    }

    /// <summary>Who of the staff limited to halls sees the tickets of no hall: those who work them across halls.</summary>
    public static bool SeesHalllessTickets(HallCaller caller) =>
        caller.IsInRole(HallRoles.Technician) || caller.IsInRole(HallRoles.Supervisor) || caller.IsInRole(HallRoles.Administrator);

    /// <summary>
    /// Who may report under which channel: a partner key only under the channel Fault has for it
    /// (<see cref="FaultOptions.PartnerChannels"/>), staff only from the hall (administrators may enter any channel's
    /// report), staff limited to halls only for their own halls. Services report as they say.
    /// </summary>
    private Outcome<TroubleTicket>? RefuseReporter(FaultReport report)
    {
        var caller = callers.Current;
        switch (caller.Kind)
        {
            case CallerKind.Partner:
                var keyChannel = options.Value.ChannelOfPartner(caller.Id);
                if (keyChannel is null)
                {
                    LogPartnerWithoutChannel(caller.Id);
                    return Outcome<TroubleTicket>.Forbidden("Partner channel unknown",
                        "This partner key has no reporting channel configured in Fault; ask the platform team to add it.");
                }
                if (keyChannel != report.Channel)
                {
                    LogChannelRefused(caller.Kind, report.Channel);
                    return Outcome<TroubleTicket>.Forbidden("Channel not allowed for this key",
                        $"This partner key reports for the {keyChannel.Value.ToWire()} channel only; channel '{report.Channel.ToWire()}' is refused.");
                }
                return null;
            case CallerKind.Staff when !caller.IsInRole(HallRoles.Administrator) && report.Channel != Channel.Hall:
                LogChannelRefused(caller.Kind, report.Channel);
                return Outcome<TroubleTicket>.Forbidden("Channel not allowed for staff",
                    "Hall staff report faults under the hall channel; phone and online reports come from the partners' keys.");
            case CallerKind.Staff when report.HallId is { } hallId && !caller.MayReachHall(hallId):
                return Outcome<TroubleTicket>.Forbidden("Not your hall", $"You may report faults only for your own halls, not '{hallId}'.");
            default:
                return null;
        }
    }

    /// <summary>
    /// A retry of the same report answers its ticket. Different content is KeyReused, naming (and carrying as the value)
    /// the ticket only when it is the caller's own: one partner never learns another's ticket id.
    /// </summary>
    private async Task<Outcome<TroubleTicket>> ReplayAsync(TroubleTicket existing, FaultReport report, CancellationToken cancellationToken)
    {
        if (!string.Equals(existing.ReporterPartnerId, ReportingPartnerId, StringComparison.Ordinal))
        {
            LogReportKeyConflict(existing.TicketId, existing.Channel);
            return Outcome<TroubleTicket>.KeyReused(
                $"The {existing.Channel.ToWire()} reference '{existing.ExternalId}' already belongs to another reporter's ticket.");
        }
        if (existing.WasRegisteredFrom(report))
        {
            // A replay answers with the stored ticket, personal data included: a read like any other, not a second report.
            await audit.RecordReadAsync(TroubleTicketAudit.PersonalDataReadAction, TroubleTicketAudit.RecordType, existing.TicketId, existing.CustomerPhoneRef,
                new { existing.TicketId, replay = true }, cancellationToken, hallId: existing.HallId);
            LogReportReplayed(existing.TicketId, existing.Channel);
            return Outcome<TroubleTicket>.Replayed(existing);
        }
        LogReportKeyConflict(existing.TicketId, existing.Channel);
        return Outcome<TroubleTicket>.KeyReused(
            $"The {existing.Channel.ToWire()} reference '{existing.ExternalId}' already belongs to ticket {existing.TicketId}, " +
            "registered with different content. A retry must repeat the report exactly.") with { Value = existing };
    }

    private static Outcome<TroubleTicket> NotFound(string ticketId) =>
        Outcome<TroubleTicket>.NotFound("Trouble ticket not found", $"No trouble ticket has id '{ticketId}'.");

    private Task<TroubleTicket?> FindByExternalIdAsync(Channel channel, string externalId, CancellationToken cancellationToken) =>
        db.TroubleTickets.AsNoTracking()
            .SingleOrDefaultAsync(t => t.Channel == channel && t.ExternalId == externalId, cancellationToken);

    private Task<TroubleTicket?> FindByVisitAsync(string visitId, CancellationToken cancellationToken) =>
        db.TroubleTickets.AsNoTracking().SingleOrDefaultAsync(t => t.VisitId == visitId, cancellationToken);

    private static bool IsUniqueViolation(DbUpdateException exception, string indexName) =>
        exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } violation
        && violation.ConstraintName == indexName;

    private static bool IsExternalIdUniqueViolation(DbUpdateException exception) =>
        exception.InnerException is PostgresException
        {
            SqlState: PostgresErrorCodes.UniqueViolation,
            ConstraintName: FaultDbContext.ExternalIdIndexName,
        };

    // Personal data (the customer's phone) and free text (description) are deliberately absent from every message.
    [LoggerMessage(Level = LogLevel.Information, Message = "Trouble ticket {TicketId} registered from {Channel}: {Severity} {TicketType} fault")]
    private partial void LogTicketRegistered(string ticketId, Channel channel, Severity severity, TicketType ticketType);

    [LoggerMessage(Level = LogLevel.Information, Message = "Trouble ticket {TicketId} opened for hall visit {VisitId}")]
    private partial void LogTicketOpenedForVisit(string ticketId, string visitId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A {CallerKind} caller tried to open a visit's ticket; only services may")]
    private partial void LogOpenForVisitRefused(CallerKind callerKind);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Partner {PartnerId} tried to report but has no channel configured in Fault")]
    private partial void LogPartnerWithoutChannel(string partnerId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A {CallerKind} caller tried to report under the {Channel} channel, which is not theirs")]
    private partial void LogChannelRefused(CallerKind callerKind, Channel channel);

    [LoggerMessage(Level = LogLevel.Information, Message = "Repeated {Channel} report answered with its ticket {TicketId}")]
    private partial void LogReportReplayed(string ticketId, Channel channel);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A {Channel} report reused the reference of ticket {TicketId} with different content")]
    private partial void LogReportKeyConflict(string ticketId, Channel channel);

    [LoggerMessage(Level = LogLevel.Information, Message = "Trouble ticket {TicketId} moved from {From} to {To}")]
    private partial void LogStatusChanged(string ticketId, TicketStatus from, TicketStatus to);

    [LoggerMessage(Level = LogLevel.Information, Message = "Trouble ticket {TicketId} refused the move from {From} to {To}")]
    private partial void LogStatusChangeRefused(string ticketId, TicketStatus from, TicketStatus to);
}
