using System.ComponentModel.DataAnnotations;
using HallPlatform.Complaint.Data;
using HallPlatform.Complaint.Domain;
using HallPlatform.Application;
using HallPlatform.Audit;
using HallPlatform.Identity;
using HallPlatform.Notifications;
using HallPlatform.Messaging;
using HallPlatform.Privacy;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace HallPlatform.Complaint.Application;

/// <summary>Registration body (REST) and request (gRPC) before validation: every field may be missing.</summary>
public sealed record RegisterComplaintCommand(
    [property: Required, WireEnum<ComplaintChannel>] string? Channel,
    string? ExternalId,
    [property: Required] string? Subject,
    [property: Required] string? Description,
    [property: Required] string? RemedySought,
    [property: Required, WireEnum<ComplaintCategory>] string? Category,
    string? HallId,
    string? CustomerPhone,
    string? CustomerName = null,
    string? RelatedVisitId = null,
    string? RelatedOrderId = null,
    string? RelatedTicketId = null,
    string? RelatedStaffId = null);

/// <summary>Reception's request to open the complaint of a called visit, exactly as sent, not yet checked.</summary>
public sealed record OpenComplaintForVisitCommand(
    string? VisitId,
    string? JourneyId,
    string? HallId,
    string? TicketNumber,
    string? CustomerName,
    string? CustomerPhone,
    string? Description);

public sealed record ChangeStatusCommand([property: Required, WireEnum<ComplaintStatus>] string? Status, string? Note);

/// <summary>A list request, its query string already parsed: <see cref="CustomerPhone"/> is normalised.</summary>
public sealed record ComplaintQuery(ComplaintStatus? Status, ComplaintCategory? Category, string? CustomerPhone, PageRequest Page);

/// <summary>A complaint as lists show it: no description, personal data or history.</summary>
public sealed record ComplaintSummary(
    string ComplaintId,
    ComplaintChannel Channel,
    string Subject,
    ComplaintCategory Category,
    string HallId,
    ComplaintStatus Status,
    DateTimeOffset ReceivedAt,
    DateTimeOffset ResponseDueAt);

/// <summary>
/// The complaint use cases; REST and gRPC both call these, so both are audited alike. Staff see and change only
/// complaints of their halls (<c>hall</c> claim, <c>*</c> = all): another hall's complaint answers like an unknown id so
/// ids do not leak. Service callers see every hall; partners are not limited by hall (docs/security.md).
/// </summary>
public sealed partial class ComplaintHandling(
    ComplaintDbContext db,
    AuditTrail audit,
    CommunicationOutbox communications,
    CommunicationTemplates communicationTemplates,
    BlindIndex blindIndex,
    IHallCallerAccessor callers,
    TimeProvider time,
    Microsoft.Extensions.Options.IOptions<ComplaintOptions> options,
    ILogger<ComplaintHandling> logger)
{
    public const int MaxSubjectLength = 200;
    public const int MaxDescriptionLength = 4000;
    public const int MaxRemedyLength = 1000;
    public const int MaxExternalIdLength = 100;
    public const int MaxNoteLength = 2000;

    /// <summary>
    /// Receives and at once acknowledges a complaint. With an externalId the call is idempotent per
    /// (channel, externalId): a retry with the same content answers the first complaint, different content is a
    /// conflict. The unique index decides races between concurrent retries.
    /// </summary>
    public async Task<Outcome<CustomerComplaint>> RegisterAsync(RegisterComplaintCommand command, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var submission = Validate(command, errors);
        if (submission is null)
        {
            return Outcome<CustomerComplaint>.Invalid(errors.ToDictionary());
        }
        if (!CallerSeesHall(submission.HallId))
        {
            // A staff caller registering for a hall it does not serve: nothing is written.
            LogRegistrationOutsideCallerHalls(submission.HallId);
            return Outcome<CustomerComplaint>.Forbidden("Not your hall.",
                $"Complaints for hall '{submission.HallId}' cannot be registered by this caller: it is not one of their halls.");
        }
        return await RegisterAsync(submission, cancellationToken);
    }

    private async Task<Outcome<CustomerComplaint>> RegisterAsync(ComplaintSubmission submission, CancellationToken cancellationToken)
    {
        if (submission.ExternalId is not null)
        {
            var existing = await FindByExternalIdAsync(submission.Channel, submission.ExternalId, cancellationToken);
            if (existing is not null)
            {
                return await ReplayAsync(existing, submission, cancellationToken);
            }
        }

        var complaint = CustomerComplaint.Receive(
            CustomerComplaint.NewId(), submission, time.GetStoredUtcNow(), blindIndex.Of(submission.CustomerPhone));
        complaint.ApplyClockTargets(options.Value.TargetsFor(complaint.Category));
        AddNew(complaint);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (submission.ExternalId is not null && IsUniqueViolation(exception))
        {
            // A concurrent registration with the same key committed first: this call is its retry.
            db.ChangeTracker.Clear();
            var winner = await FindByExternalIdAsync(submission.Channel, submission.ExternalId, cancellationToken)
                ?? throw new InvalidOperationException("Unique violation on (channel, externalId) but no row found.", exception);
            return await ReplayAsync(winner, submission, cancellationToken);
        }

        LogComplaintRegistered(complaint.ComplaintId, complaint.Channel, complaint.Category, complaint.HallId);
        return Outcome<CustomerComplaint>.Created(complaint);
    }

    /// <summary>
    /// Opens the complaint of a hall visit a counter has called: Created the first time, Replayed with the same
    /// complaint for every repeat (Reception retries until it hears back), also when repeats race. Services only.
    /// </summary>
    public async Task<Outcome<CustomerComplaint>> OpenForVisitAsync(OpenComplaintForVisitCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (callers.Current.Kind != CallerKind.Service)
        {
            LogOpenForVisitRefused(callers.Current.Kind);
            return Outcome<CustomerComplaint>.Forbidden("Services only",
                "Only Reception opens the complaints of hall visits; register a complaint with RegisterComplaint instead.");
        }
        var errors = new FieldErrors();
        var visit = ValidateVisit(command, errors);
        if (visit is null)
        {
            return Outcome<CustomerComplaint>.Invalid(errors.ToDictionary());
        }
        if (await FindByVisitAsync(visit.VisitId, cancellationToken) is { } existing)
        {
            return Outcome<CustomerComplaint>.Replayed(existing);
        }
        var complaint = CustomerComplaint.ReceiveForVisit(CustomerComplaint.NewId(), visit, time.GetStoredUtcNow(), blindIndex.Of(visit.CustomerPhone));
        complaint.ApplyClockTargets(options.Value.TargetsFor(complaint.Category));
        AddNew(complaint);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (exception.InnerException is PostgresException
            { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: ComplaintDbContext.VisitIdIndexName })
        {
            // A concurrent repeat for the same visit committed first: answer with its complaint.
            db.ChangeTracker.Clear();
            var winner = await FindByVisitAsync(visit.VisitId, cancellationToken)
                ?? throw new InvalidOperationException("Unique violation on the visit id but no row found.", exception);
            return Outcome<CustomerComplaint>.Replayed(winner);
        }
        LogComplaintOpenedForVisit(complaint.ComplaintId, visit.VisitId);
        return Outcome<CustomerComplaint>.Created(complaint);
    }

    private static VisitComplaint? ValidateVisit(OpenComplaintForVisitCommand command, FieldErrors errors)
    {
        var visitId = errors.RequiredText("visitId", command.VisitId, VisitComplaint.MaxVisitIdLength);
        var journeyId = errors.OptionalText("journeyId", command.JourneyId, JourneyIds.MaxLength);
        if (journeyId is not null && !JourneyIds.IsValid(journeyId))
        {
            errors.Add("journeyId", $"journeyId must be '{JourneyIds.Prefix}' and lower-case letters or digits, at most {JourneyIds.MaxLength} characters.");
        }
        var hallId = HallIds.Required("hallId", command.HallId, errors);
        var ticketNumber = errors.OptionalText("ticketNumber", command.TicketNumber, 8) ?? "";
        var name = errors.OptionalText("customerName", command.CustomerName, VisitComplaint.MaxCustomerNameLength);
        var description = errors.OptionalText("description", command.Description, MaxDescriptionLength);
        var phone = errors.RequiredText("customerPhone", command.CustomerPhone, int.MaxValue);
        if (phone is not null && !PhoneNumbers.TryNormalize(phone, out phone))
        {
            errors.Add("customerPhone", PhoneNumbers.InvalidMessage("customerPhone"));
        }
        return errors.Any ? null : new VisitComplaint(visitId!, journeyId, hallId!, ticketNumber, name, phone!, description);
    }

    private Task<CustomerComplaint?> FindByVisitAsync(string visitId, CancellationToken cancellationToken) =>
        db.Complaints.AsNoTracking().SingleOrDefaultAsync(c => c.VisitId == visitId, cancellationToken);

    public async Task<Outcome<CustomerComplaint>> GetAsync(string? complaintId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(complaintId))
        {
            var errors = new FieldErrors();
            errors.Add("complaintId", "The complaintId field is required.");
            return Outcome<CustomerComplaint>.Invalid(errors.ToDictionary());
        }
        var complaint = await db.Complaints.AsNoTracking().FirstOrDefaultAsync(c => c.ComplaintId == complaintId, cancellationToken);
        if (complaint is null || !CallerSees(complaint))
        {
            return NotFound(complaintId);
        }
        // The answer carries the customer's (masked) phone: who looked is recorded before it leaves.
        await audit.RecordReadAsync(ComplaintAudit.PersonalDataReadAction, ComplaintAudit.RecordType, complaint.ComplaintId, complaint.CustomerPhoneRef,
            new { complaint.ComplaintId }, cancellationToken, hallId: complaint.HallId);
        return Outcome<CustomerComplaint>.Ok(complaint);
    }

    /// <summary>
    /// Lists complaints, newest first, optionally of one customer (the query's normalised phone, matched through the
    /// blind index). Every list read is audited with the ids it returned, and with the customer reference when it
    /// searched by phone.
    /// </summary>
    public async Task<Outcome<ResultPage<ComplaintSummary>>> ListAsync(ComplaintQuery filter, CancellationToken cancellationToken)
    {
        var customerRef = filter.CustomerPhone is { } phone ? blindIndex.Of(phone) : null;
        var paging = filter.Page;
        var query = VisibleComplaints(db.Complaints.AsNoTracking());
        if (filter.Status is { } wantedStatus)
        {
            query = query.Where(c => c.Status == wantedStatus);
        }
        if (filter.Category is { } wantedCategory)
        {
            query = query.Where(c => c.Category == wantedCategory);
        }
        if (customerRef is not null)
        {
            query = query.Where(c => c.CustomerPhoneRef == customerRef);
        }
        var total = await query.CountAsync(cancellationToken);
        var items = await query
            .OrderByDescending(c => c.ReceivedAt).ThenByDescending(c => c.ComplaintId)
            .Skip(paging.Skip).Take(paging.PageSize)
            .Select(c => new ComplaintSummary(c.ComplaintId, c.Channel, c.Subject, c.Category, c.HallId, c.Status, c.ReceivedAt, c.ResponseDueAt))
            .ToListAsync(cancellationToken);
        await audit.RecordReadAsync(ComplaintAudit.ListReadAction, ComplaintAudit.RecordType, AuditEntry.CollectionRecordId, customerRef,
            new { status = filter.Status?.ToWire(), category = filter.Category?.ToWire(), byCustomer = customerRef is not null, paging.Page, complaintIds = items.Select(c => c.ComplaintId).ToList() },
            cancellationToken);
        return Outcome<ResultPage<ComplaintSummary>>.Ok(paging.Of<ComplaintSummary>(items, total));
    }

    /// <summary>Moves a complaint along its lifecycle; a forbidden move or a lost race is a conflict.</summary>
    public async Task<Outcome<CustomerComplaint>> ChangeStatusAsync(string complaintId, ChangeStatusCommand command, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var statusText = errors.RequiredText("status", command.Status, 32);
        var target = ComplaintStatus.Received;
        if (statusText is not null && !WireNames<ComplaintStatus>.TryParse(statusText, out target))
        {
            errors.Add("status", "Unknown status; use one of: " + string.Join(", ", WireNames<ComplaintStatus>.All) + ".");
        }
        var note = errors.OptionalText("note", command.Note, MaxNoteLength);
        if (errors.Any)
        {
            return Outcome<CustomerComplaint>.Invalid(errors.ToDictionary());
        }

        var complaint = await db.Complaints.FirstOrDefaultAsync(c => c.ComplaintId == complaintId, cancellationToken);
        if (complaint is null || !CallerSees(complaint))
        {
            return NotFound(complaintId);
        }
        if (!SimpleMoves.Contains(target))
        {
            // Moves that carry data have their own routes, so the data is never skipped.
            return Outcome<CustomerComplaint>.Conflict("Use the step's own route.",
                $"The status route moves a complaint to {string.Join(" or ", SimpleMoves.Select(s => $"'{s.ToWire()}'"))} only; "
                + $"'{target.ToWire()}' is reached through {RouteFor(target)}.");
        }
        // The change joins the journey's trace (the complaint's opening); this request is linked.
        using var journey = JourneyTrace.Start(ComplaintTelemetry.Source, "complaint.status-change", complaint.JourneyTraceParent);
        journey.Activity?.SetTag("hall.id", complaint.HallId);
        journey.Activity?.SetTag("hall.complaint_id", complaint.ComplaintId);
        journey.Activity?.SetTag("hall.journey_id", complaint.JourneyId);
        journey.Activity?.SetTag("hall.status_from", complaint.Status.ToWire());
        journey.Activity?.SetTag("hall.status_to", target.ToWire());
        var from = complaint.Status;
        var before = ComplaintAuditSnapshot.Of(complaint);
        if (!complaint.MoveTo(target, note, time.GetStoredUtcNow(), callers.Current.Id))
        {
            var allowed = ComplaintLifecycle.NextStatuses(from);
            var allowedText = allowed.Count == 0 ? "none, it is final" : string.Join(", ", allowed.Select(s => s.ToWire()));
            return Outcome<CustomerComplaint>.Conflict(
                "Status change not allowed.",
                $"Complaint {complaintId} is '{from.ToWire()}' and cannot move to '{target.ToWire()}'. Allowed next statuses: {allowedText}.");
        }
        // The note is staff free text that may quote the customer: the trail says only whether there was one.
        audit.Record(ComplaintAudit.StatusChangedAction, ComplaintAudit.RecordType, complaint.ComplaintId, complaint.CustomerPhoneRef,
            before, ComplaintAuditSnapshot.Of(complaint) with { NoteGiven = note is not null }, hallId: complaint.HallId);
        QueueCustomerMessage(complaint);
        db.RecordIntegrationEvent(ComplaintEvents.StatusChanged(complaint, from, complaint.JourneyId, callers.Current.Id), time.GetStoredUtcNow());
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (exception is DbUpdateConcurrencyException || CommunicationOutbox.IsDuplicateSource(exception))
        {
            // The same change committed by a concurrent request takes the message's source key: also a lost race.
            LogConcurrentStatusChange(complaintId);
            return Outcome<CustomerComplaint>.Conflict(
                "Complaint changed concurrently.",
                $"Complaint {complaintId} was changed by another request while moving to '{target.ToWire()}'. Read it again and retry.");
        }
        LogStatusChanged(complaintId, from, target);
        return Outcome<CustomerComplaint>.Ok(complaint);
    }

    /// <summary>
    /// The messages sent (or being sent) to the complainant, recipient masked. Another hall's complaint answers like an
    /// unknown id.
    /// </summary>
    public async Task<Outcome<IReadOnlyList<CommunicationView>>> CommunicationsAsync(string complaintId, CancellationToken cancellationToken)
    {
        var complaint = await db.Complaints.AsNoTracking()
            .Where(c => c.ComplaintId == complaintId)
            .Select(c => new { c.ComplaintId, c.HallId, c.RelatedStaffId })
            .FirstOrDefaultAsync(cancellationToken);
        if (complaint is null || !CallerSees(complaint.HallId, complaint.RelatedStaffId))
        {
            return NotFound(complaintId).CastFailure<IReadOnlyList<CommunicationView>>();
        }
        var messages = await CommunicationQueries.ForSubjectAsync(
            db, communicationTemplates, ComplaintCommunications.SubjectKind, complaint.ComplaintId, cancellationToken);
        return Outcome<IReadOnlyList<CommunicationView>>.Ok(messages);
    }

    /// <summary>
    /// A new complaint, whatever its channel, with its audit entry and the complainant's acknowledgement: one
    /// SaveChanges stores all three or none (a lost race clears them together).
    /// </summary>
    private void AddNew(CustomerComplaint complaint)
    {
        // Opened inside the journey's trace (Reception's call over gRPC, or the registration that starts it).
        complaint.RememberJourneyTrace(JourneyTrace.Current());
        db.Complaints.Add(complaint);
        audit.Record(ComplaintAudit.RegisteredAction, ComplaintAudit.RecordType, complaint.ComplaintId, complaint.CustomerPhoneRef,
            after: ComplaintAuditSnapshot.Of(complaint), hallId: complaint.HallId);
        QueueCustomerMessage(complaint);
    }

    private void QueueCustomerMessage(CustomerComplaint complaint, string? departmentName = null)
    {
        if (ComplaintCommunications.ForLatestChange(complaint, departmentName) is { } message)
        {
            communications.Queue(message);
        }
    }

    private static ComplaintSubmission? Validate(RegisterComplaintCommand command, FieldErrors errors)
    {
        var channelText = errors.RequiredText("channel", command.Channel, 32);
        var channel = ComplaintChannel.Hall;
        if (channelText is not null && !WireNames<ComplaintChannel>.TryParse(channelText, out channel))
        {
            errors.Add("channel", "Unknown channel; use one of: " + string.Join(", ", WireNames<ComplaintChannel>.All) + ".");
        }
        var externalId = errors.OptionalText("externalId", command.ExternalId, MaxExternalIdLength);
        var subject = errors.RequiredText("subject", command.Subject, MaxSubjectLength);
        var description = errors.RequiredText("description", command.Description, MaxDescriptionLength);
        var remedySought = errors.RequiredText("remedySought", command.RemedySought, MaxRemedyLength);
        var categoryText = errors.RequiredText("category", command.Category, 32);
        var category = ComplaintCategory.Other;
        if (categoryText is not null && !WireNames<ComplaintCategory>.TryParse(categoryText, out category))
        {
            errors.Add("category", "Unknown category; use one of: " + string.Join(", ", WireNames<ComplaintCategory>.All) + ".");
        }
        var hallId = HallIds.Required("hallId", command.HallId, errors);
        var phone = errors.RequiredText("customerPhone", command.CustomerPhone, int.MaxValue);
        // The shared phone rule decides the length too; the message never echoes the number: it is personal data.
        if (phone is not null && !PhoneNumbers.TryNormalize(phone, out phone))
        {
            errors.Add("customerPhone", PhoneNumbers.InvalidMessage("customerPhone"));
        }
        var name = errors.OptionalText("customerName", command.CustomerName, VisitComplaint.MaxCustomerNameLength);
        var related = new ComplaintRelations(
            RelatedId("relatedVisitId", command.RelatedVisitId, errors),
            RelatedId("relatedOrderId", command.RelatedOrderId, errors),
            RelatedId("relatedTicketId", command.RelatedTicketId, errors),
            RelatedId("relatedStaffId", command.RelatedStaffId, errors));
        if (errors.Any)
        {
            return null;
        }
        return new ComplaintSubmission(channel, externalId, subject!, description!, remedySought!, category, hallId!, phone!, name, related);
    }

    /// <summary>An id of another service's record or of a staff member: letters, digits, '_', '-', '.', at most 64.</summary>
    private static string? RelatedId(string field, string? value, FieldErrors errors)
    {
        var id = errors.OptionalText(field, value, ComplaintRelations.MaxIdLength);
        if (id is not null && !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
        {
            errors.Add(field, $"The {field} field may hold letters, digits, '_', '-' and '.' only.");
            return null;
        }
        return id;
    }

    private async Task<Outcome<CustomerComplaint>> ReplayAsync(CustomerComplaint existing, ComplaintSubmission submission, CancellationToken cancellationToken)
    {
        if (!existing.WasRegisteredWith(submission))
        {
            // The other complaint's id is named only to a caller who may see it.
            var which = CallerSeesHall(existing.HallId) ? $"as complaint {existing.ComplaintId} " : "";
            return Outcome<CustomerComplaint>.KeyReused(
                $"Channel '{submission.Channel.ToWire()}' already registered externalId '{submission.ExternalId}' {which}with different content.");
        }
        // A replay answers with the stored complaint, personal data included: a read like any other.
        await audit.RecordReadAsync(ComplaintAudit.PersonalDataReadAction, ComplaintAudit.RecordType, existing.ComplaintId, existing.CustomerPhoneRef,
            new { existing.ComplaintId, replay = true }, cancellationToken, hallId: existing.HallId);
        LogComplaintReplayed(existing.ComplaintId, existing.Channel);
        return Outcome<CustomerComplaint>.Replayed(existing);
    }

    /// <summary>Only staff are limited to their halls; services (and partners, which have no hall) pass.</summary>
    private bool CallerSeesHall(string hallId) => callers.Current.MayReachHall(hallId);

    /// <summary>
    /// Whether the caller may see the complaint: a hall of theirs, and for staff not a complaint about themselves
    /// (both answer like an unknown id).
    /// </summary>
    private bool CallerSees(CustomerComplaint complaint) => CallerSees(complaint.HallId, complaint.RelatedStaffId);

    private bool CallerSees(string hallId, string? relatedStaffId)
    {
        var caller = callers.Current;
        return caller.MayReachHall(hallId)
            && !(caller.Kind == CallerKind.Staff && relatedStaffId is not null && string.Equals(caller.Id, relatedStaffId, StringComparison.Ordinal));
    }

    private IQueryable<CustomerComplaint> VisibleComplaints(IQueryable<CustomerComplaint> complaints)
    {
        var caller = callers.Current;
        if (caller.Kind == CallerKind.Staff)
        {
            var self = caller.Id;
            complaints = complaints.Where(c => c.RelatedStaffId == null || c.RelatedStaffId != self);
        }
        if (!caller.IsLimitedToHalls)
        {
            return complaints;
        }
        var halls = caller.Halls.ToList();
        return complaints.Where(c => halls.Contains(c.HallId));
    }

    private Task<CustomerComplaint?> FindByExternalIdAsync(ComplaintChannel channel, string externalId, CancellationToken cancellationToken) =>
        db.Complaints.AsNoTracking().FirstOrDefaultAsync(c => c.Channel == channel && c.ExternalId == externalId, cancellationToken);

    private static Outcome<CustomerComplaint> NotFound(string complaintId) =>
        Outcome<CustomerComplaint>.NotFound("Complaint not found.", $"No complaint has the id '{complaintId}'.");

    private static bool IsUniqueViolation(DbUpdateException exception) =>
        exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    // Log lines carry ids, channels and categories only: never the customer's phone or the complaint text.
    [LoggerMessage(Level = LogLevel.Information, Message = "Complaint {ComplaintId} received and acknowledged (channel {Channel}, category {Category}, hall {HallId})")]
    private partial void LogComplaintRegistered(string complaintId, ComplaintChannel channel, ComplaintCategory category, string hallId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Complaint {ComplaintId} opened for hall visit {VisitId}")]
    private partial void LogComplaintOpenedForVisit(string complaintId, string visitId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A {CallerKind} caller tried to open a visit's complaint; only services may")]
    private partial void LogOpenForVisitRefused(CallerKind callerKind);

    [LoggerMessage(Level = LogLevel.Information, Message = "Complaint {ComplaintId} registration replayed (channel {Channel})")]
    private partial void LogComplaintReplayed(string complaintId, ComplaintChannel channel);

    [LoggerMessage(Level = LogLevel.Information, Message = "Complaint {ComplaintId} moved from {From} to {To}")]
    private partial void LogStatusChanged(string complaintId, ComplaintStatus from, ComplaintStatus to);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Complaint registration refused: hall {HallId} is not one of the staff caller's halls")]
    private partial void LogRegistrationOutsideCallerHalls(string hallId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Complaint {ComplaintId} status change lost a race with another request")]
    private partial void LogConcurrentStatusChange(string complaintId);
}
