using HallPlatform.Complaint.Data;
using HallPlatform.Complaint.Domain;
using HallPlatform.Application;
using HallPlatform.Audit;
using HallPlatform.Identity;
using HallPlatform.Privacy;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace HallPlatform.Complaint.Application;

/// <summary>Registration body (REST) and request (gRPC) before validation: every field may be missing.</summary>
public sealed record RegisterComplaintCommand(
    string? Channel,
    string? ExternalId,
    string? Subject,
    string? Description,
    string? RemedySought,
    string? Category,
    string? HallId,
    string? CustomerPhone);

public sealed record ChangeStatusCommand(string? Status, string? Note);

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
/// What the audit trail keeps of a complaint's state: no personal data in clear (the phone masked, no free text).
/// </summary>
public sealed record ComplaintAuditSnapshot(
    string Status, string Channel, string? ExternalId, string Category, string HallId, string CustomerPhone, bool? NoteGiven = null)
{
    public static ComplaintAuditSnapshot Of(CustomerComplaint complaint) => new(
        complaint.Status.ToWire(),
        complaint.Channel.ToWire(),
        complaint.ExternalId,
        complaint.Category.ToWire(),
        complaint.HallId,
        PersonalDataMask.Phone(complaint.CustomerPhone));
}

/// <summary>
/// The complaint use cases; REST and gRPC both call these, so both are audited alike. Staff see and change only
/// complaints of their halls (<c>hall</c> claim, <c>*</c> = all): another hall's complaint answers like an unknown id so
/// ids do not leak. Service callers see every hall; partners are not limited by hall (docs/security.md).
/// </summary>
public sealed partial class ComplaintHandling(
    ComplaintDbContext db,
    AuditTrail audit,
    BlindIndex blindIndex,
    IHallCallerAccessor callers,
    TimeProvider time,
    ILogger<ComplaintHandling> logger)
{
    public const string AuditRecordType = "complaint";
    public const string RegisteredAction = "complaint.registered";
    public const string StatusChangedAction = "complaint.status-changed";
    public const string PersonalDataReadAction = "complaint.personal-data-read";
    public const string ListReadAction = "complaint.list-read";

    public const int MaxSubjectLength = 200;
    public const int MaxDescriptionLength = 4000;
    public const int MaxRemedyLength = 1000;
    public const int MaxExternalIdLength = 100;
    public const int MaxHallIdLength = 64;
    public const int MaxNoteLength = 2000;

    private const string UniqueViolation = "23505";

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
            Log.RegistrationOutsideCallerHalls(logger, submission.HallId);
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
        db.Complaints.Add(complaint);
        // Same SaveChanges as the complaint: both are stored or neither.
        audit.Record(RegisteredAction, AuditRecordType, complaint.ComplaintId, complaint.CustomerPhoneRef,
            after: ComplaintAuditSnapshot.Of(complaint), hallId: complaint.HallId);
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

        Log.ComplaintRegistered(logger, complaint.ComplaintId, complaint.Channel, complaint.Category, complaint.HallId);
        return Outcome<CustomerComplaint>.Created(complaint);
    }

    public async Task<Outcome<CustomerComplaint>> GetAsync(string? complaintId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(complaintId))
        {
            var errors = new FieldErrors();
            errors.Add("complaintId", "The complaintId field is required.");
            return Outcome<CustomerComplaint>.Invalid(errors.ToDictionary());
        }
        var complaint = await db.Complaints.AsNoTracking().FirstOrDefaultAsync(c => c.ComplaintId == complaintId, cancellationToken);
        if (complaint is null || !CallerSeesHall(complaint.HallId))
        {
            return NotFound(complaintId);
        }
        // The answer carries the customer's (masked) phone: who looked is recorded before it leaves.
        await audit.RecordReadAsync(PersonalDataReadAction, AuditRecordType, complaint.ComplaintId, complaint.CustomerPhoneRef,
            new { complaint.ComplaintId }, cancellationToken, hallId: complaint.HallId);
        return Outcome<CustomerComplaint>.Ok(complaint);
    }

    /// <summary>
    /// Lists complaints, newest first, optionally of one customer (<paramref name="customerPhone"/>, matched through
    /// the blind index). Every list read is audited with the ids it returned, and with the customer reference when it
    /// searched by phone.
    /// </summary>
    public async Task<Outcome<ResultPage<ComplaintSummary>>> ListAsync(
        string? status, string? category, string? page, string? pageSize, CancellationToken cancellationToken, string? customerPhone = null)
    {
        var errors = new FieldErrors();
        string? customerRef = null;
        if (!string.IsNullOrWhiteSpace(customerPhone))
        {
            customerRef = blindIndex.ForPhone(customerPhone);
            if (customerRef is null)
            {
                errors.Add("customerPhone", "The customerPhone filter must be a phone number of 5 to 20 digits, optionally starting with +.");
            }
        }
        ComplaintStatus? statusFilter = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (ComplaintWireNames.TryParseStatus(status, out var parsed))
            {
                statusFilter = parsed;
            }
            else
            {
                errors.Add("status", "Unknown status; use one of: " + string.Join(", ", ComplaintWireNames.StatusNames) + ".");
            }
        }
        ComplaintCategory? categoryFilter = null;
        if (!string.IsNullOrEmpty(category))
        {
            if (ComplaintWireNames.TryParseCategory(category, out var parsed))
            {
                categoryFilter = parsed;
            }
            else
            {
                errors.Add("category", "Unknown category; use one of: " + string.Join(", ", ComplaintWireNames.CategoryNames) + ".");
            }
        }
        var paging = PageRequest.Parse(page, pageSize, errors);
        if (errors.Any)
        {
            return Outcome<ResultPage<ComplaintSummary>>.Invalid(errors.ToDictionary());
        }

        var query = VisibleComplaints(db.Complaints.AsNoTracking());
        if (statusFilter is { } wantedStatus)
        {
            query = query.Where(c => c.Status == wantedStatus);
        }
        if (categoryFilter is { } wantedCategory)
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
        await audit.RecordReadAsync(ListReadAction, AuditRecordType, AuditEntry.CollectionRecordId, customerRef,
            new { status, category, byCustomer = customerRef is not null, paging.Page, complaintIds = items.Select(c => c.ComplaintId).ToList() },
            cancellationToken);
        return Outcome<ResultPage<ComplaintSummary>>.Ok(paging.Of<ComplaintSummary>(items, total));
    }

    /// <summary>Moves a complaint along its lifecycle; a forbidden move or a lost race is a conflict.</summary>
    public async Task<Outcome<CustomerComplaint>> ChangeStatusAsync(string complaintId, ChangeStatusCommand command, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var statusText = errors.RequiredText("status", command.Status, 32);
        var target = ComplaintStatus.Received;
        if (statusText is not null && !ComplaintWireNames.TryParseStatus(statusText, out target))
        {
            errors.Add("status", "Unknown status; use one of: " + string.Join(", ", ComplaintWireNames.StatusNames) + ".");
        }
        var note = errors.OptionalText("note", command.Note, MaxNoteLength);
        if (errors.Any)
        {
            return Outcome<CustomerComplaint>.Invalid(errors.ToDictionary());
        }

        var complaint = await db.Complaints.FirstOrDefaultAsync(c => c.ComplaintId == complaintId, cancellationToken);
        if (complaint is null || !CallerSeesHall(complaint.HallId))
        {
            return NotFound(complaintId);
        }
        var from = complaint.Status;
        var before = ComplaintAuditSnapshot.Of(complaint);
        if (!complaint.MoveTo(target, note, time.GetStoredUtcNow()))
        {
            var allowed = ComplaintLifecycle.NextStatuses(from);
            var allowedText = allowed.Count == 0 ? "none, it is final" : string.Join(", ", allowed.Select(s => s.ToWire()));
            return Outcome<CustomerComplaint>.Conflict(
                "Status change not allowed.",
                $"Complaint {complaintId} is '{from.ToWire()}' and cannot move to '{target.ToWire()}'. Allowed next statuses: {allowedText}.");
        }
        // The note is staff free text that may quote the customer: the trail says only whether there was one.
        audit.Record(StatusChangedAction, AuditRecordType, complaint.ComplaintId, complaint.CustomerPhoneRef,
            before, ComplaintAuditSnapshot.Of(complaint) with { NoteGiven = note is not null }, hallId: complaint.HallId);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            Log.ConcurrentStatusChange(logger, complaintId);
            return Outcome<CustomerComplaint>.Conflict(
                "Complaint changed concurrently.",
                $"Complaint {complaintId} was changed by another request while moving to '{target.ToWire()}'. Read it again and retry.");
        }
        Log.StatusChanged(logger, complaintId, from, target);
        return Outcome<CustomerComplaint>.Ok(complaint);
    }

    private static ComplaintSubmission? Validate(RegisterComplaintCommand command, FieldErrors errors)
    {
        var channelText = errors.RequiredText("channel", command.Channel, 32);
        var channel = ComplaintChannel.Hall;
        if (channelText is not null && !ComplaintWireNames.TryParseChannel(channelText, out channel))
        {
            errors.Add("channel", "Unknown channel; use one of: " + string.Join(", ", ComplaintWireNames.ChannelNames) + ".");
        }
        var externalId = errors.OptionalText("externalId", command.ExternalId, MaxExternalIdLength);
        var subject = errors.RequiredText("subject", command.Subject, MaxSubjectLength);
        var description = errors.RequiredText("description", command.Description, MaxDescriptionLength);
        var remedySought = errors.RequiredText("remedySought", command.RemedySought, MaxRemedyLength);
        var categoryText = errors.RequiredText("category", command.Category, 32);
        var category = ComplaintCategory.Other;
        if (categoryText is not null && !ComplaintWireNames.TryParseCategory(categoryText, out category))
        {
            errors.Add("category", "Unknown category; use one of: " + string.Join(", ", ComplaintWireNames.CategoryNames) + ".");
        }
        var hallId = errors.RequiredText("hallId", command.HallId, MaxHallIdLength);
        var phone = errors.RequiredText("customerPhone", command.CustomerPhone, 32);
        if (phone is not null)
        {
            if (!PhoneNumbers.TryNormalize(phone, out phone))
            {
                // The message never echoes the number: it is personal data.
                errors.Add("customerPhone", "The customerPhone field must be a phone number of 5 to 20 digits, optionally starting with +.");
            }
        }
        if (errors.Any)
        {
            return null;
        }
        return new ComplaintSubmission(channel, externalId, subject!, description!, remedySought!, category, hallId!, phone!);
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
        await audit.RecordReadAsync(PersonalDataReadAction, AuditRecordType, existing.ComplaintId, existing.CustomerPhoneRef,
            new { existing.ComplaintId, replay = true }, cancellationToken, hallId: existing.HallId);
        Log.ComplaintReplayed(logger, existing.ComplaintId, existing.Channel);
        return Outcome<CustomerComplaint>.Replayed(existing);
    }

    /// <summary>Only staff are limited to their halls; services (and partners, which have no hall) pass.</summary>
    private bool CallerSeesHall(string hallId) => callers.Current.MayReachHall(hallId);

    private IQueryable<CustomerComplaint> VisibleComplaints(IQueryable<CustomerComplaint> complaints)
    {
        var caller = callers.Current;
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
        exception.InnerException is PostgresException { SqlState: UniqueViolation };

    /// <summary>Log lines carry ids, channels and categories only: never the customer's phone or the complaint text.</summary>
    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Complaint {ComplaintId} received and acknowledged (channel {Channel}, category {Category}, hall {HallId})")]
        public static partial void ComplaintRegistered(ILogger logger, string complaintId, ComplaintChannel channel, ComplaintCategory category, string hallId);

        [LoggerMessage(Level = LogLevel.Information, Message = "Complaint {ComplaintId} registration replayed (channel {Channel})")]
        public static partial void ComplaintReplayed(ILogger logger, string complaintId, ComplaintChannel channel);

        [LoggerMessage(Level = LogLevel.Information, Message = "Complaint {ComplaintId} moved from {From} to {To}")]
        public static partial void StatusChanged(ILogger logger, string complaintId, ComplaintStatus from, ComplaintStatus to);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Complaint registration refused: hall {HallId} is not one of the staff caller's halls")]
        public static partial void RegistrationOutsideCallerHalls(ILogger logger, string hallId);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Complaint {ComplaintId} status change lost a race with another request")]
        public static partial void ConcurrentStatusChange(ILogger logger, string complaintId);
    }
}
