using HallPlatform.Application;

namespace HallPlatform.Complaint.Domain;

/// <summary>What a customer tells us when complaining, already validated.</summary>
public sealed record ComplaintSubmission(
    ComplaintChannel Channel,
    string? ExternalId,
    string Subject,
    string Description,
    string RemedySought,
    ComplaintCategory Category,
    string HallId,
    string CustomerPhone,
    string? CustomerName = null,
    ComplaintRelations? Related = null);

/// <summary>What a complaint is about, when the customer names it: ids of other services' records and of staff.</summary>
public sealed record ComplaintRelations(string? VisitId, string? OrderId, string? TicketId, string? StaffId)
{
    public const int MaxIdLength = 64;

    public static readonly ComplaintRelations None = new(null, null, null, null);
}

/// <summary>A checked request to open the complaint of a called hall visit (from Reception).</summary>
public sealed record VisitComplaint(
    string VisitId,
    string? JourneyId,
    string HallId,
    string TicketNumber,
    string? CustomerName,
    string CustomerPhone,
    string? Description)
{
    public const int MaxVisitIdLength = 40;
    public const int MaxCustomerNameLength = 200;
}

/// <summary>One step in a complaint's history.</summary>
public sealed class StatusChange(ComplaintStatus from, ComplaintStatus to, DateTimeOffset at, string? note, string? by = null)
{
    /// <summary>Who made the change: a staff id, a service id, or <c>system</c> for the clock sweep.</summary>
    public string? By { get; private set; } = by;

    public ComplaintStatus From { get; private set; } = from;

    public ComplaintStatus To { get; private set; } = to;

    public DateTimeOffset At { get; private set; } = at;

    public string? Note { get; private set; } = note;
}

/// <summary>One transfer of a complaint: from which department and handler to which, who did it, why, when.</summary>
public sealed class ComplaintAssignment(
    string? fromDepartmentId, string? fromHandlerId, string toDepartmentId, string? toHandlerId, string by, string? reason, DateTimeOffset at)
{
    public string? FromDepartmentId { get; private set; } = fromDepartmentId;

    public string? FromHandlerId { get; private set; } = fromHandlerId;

    public string ToDepartmentId { get; private set; } = toDepartmentId;

    public string? ToHandlerId { get; private set; } = toHandlerId;

    public string By { get; private set; } = by;

    public string? Reason { get; private set; } = reason;

    public DateTimeOffset At { get; private set; } = at;
}

/// <summary>A link to another complaint about the same matter (related, or one side of a merge).</summary>
public sealed class ComplaintLink(string otherComplaintId, ComplaintLinkKind kind, string by, DateTimeOffset at)
{
    public string OtherComplaintId { get; private set; } = otherComplaintId;

    public ComplaintLinkKind Kind { get; private set; } = kind;

    public string By { get; private set; } = by;

    public DateTimeOffset At { get; private set; } = at;
}

/// <summary>The remedy offered with a response: a refund in fen, an apology, a corrective action (any of them).</summary>
public sealed record ComplaintRemedy(long RefundFen, bool Apology, string? CorrectiveAction);

/// <summary>A checked response: what the investigation found and what the customer is offered.</summary>
public sealed record ComplaintResponseDraft(string Findings, string RootCauseCode, string? RootCauseNote, ComplaintRemedy Remedy, bool Upheld);

/// <summary>The clock targets that apply to a complaint (per category, configured; never beyond the 15-day rule).</summary>
public sealed record ClockTargets(TimeSpan FirstResponse, TimeSpan Resolution);

/// <summary>
/// A complaint handled through the ISO 10002 process. Named CustomerComplaint because "Complaint" is the
/// service's namespace.
/// </summary>
public sealed class CustomerComplaint
{
    /// <summary>The regulator's deadline: the operator answers a complaint within 15 days of receipt.</summary>
    public static readonly TimeSpan ResponseDeadline = TimeSpan.FromDays(15);

    public const string IdPrefix = "cmp_";

    private readonly List<StatusChange> _statusChangeHistory = [];
    private readonly List<ComplaintAssignment> _assignmentHistory = [];
    private readonly List<ComplaintLink> _links = [];

    // For EF Core materialisation.
    private CustomerComplaint()
    {
    }

    public string ComplaintId { get; private set; } = "";

    public ComplaintChannel Channel { get; private set; }

    /// <summary>The partner channel's own reference; registration is idempotent per (channel, externalId).</summary>
    public string? ExternalId { get; private set; }

    public string Subject { get; private set; } = "";

    public string Description { get; private set; } = "";

    public string RemedySought { get; private set; } = "";

    public ComplaintCategory Category { get; private set; }

    public string HallId { get; private set; } = "";

    /// <summary>Personal data: encrypted at rest, masked in responses, never logged.</summary>
    public string CustomerPhone { get; private set; } = "";

    /// <summary>
    /// Keyed hash (blind index) of the normalised phone: finds a customer's complaints although the phone is stored
    /// encrypted, and is the audit trail's customer reference. Null only on rows from before encryption, until the
    /// start-up re-encryption fills it.
    /// </summary>
    public string? CustomerPhoneRef { get; private set; }

    /// <summary>Personal data (hall visits only, as Reception knows the customer): encrypted at rest, never logged.</summary>
    public string? CustomerName { get; private set; }

    /// <summary>The hall visit this complaint was opened for (one complaint per visit); null for registrations.</summary>
    public string? VisitId { get; private set; }

    /// <summary>The customer journey: the visit's, or a new one for a complaint registered without a visit.</summary>
    public string? JourneyId { get; private set; }

    /// <summary>
    /// The W3C trace context of the journey's trace where this case was opened: later work on the case (a status
    /// change the next day) joins that trace. Not personal data; an id of a trace.
    /// </summary>
    public string? JourneyTraceParent { get; private set; }

    /// <summary>Keeps the trace context the case was opened in (the first one given wins).</summary>
    public void RememberJourneyTrace(string? traceParent) => JourneyTraceParent ??= traceParent;

    public ComplaintStatus Status { get; private set; }

    public DateTimeOffset ReceivedAt { get; private set; }

    public DateTimeOffset? AcknowledgedAt { get; private set; }

    public DateTimeOffset ResponseDueAt { get; private set; }

    public DateTimeOffset StatusChangedAt { get; private set; }

    public IReadOnlyList<StatusChange> StatusChangeHistory => _statusChangeHistory;

    public IReadOnlyList<ComplaintAssignment> AssignmentHistory => _assignmentHistory;

    public IReadOnlyList<ComplaintLink> Links => _links;

    public string? RelatedVisitId { get; private set; }

    public string? RelatedOrderId { get; private set; }

    public string? RelatedTicketId { get; private set; }

    /// <summary>The staff member the complaint is about: that member never sees it.</summary>
    public string? RelatedStaffId { get; private set; }

    public ComplaintSeverity? Severity { get; private set; }

    public string? DepartmentId { get; private set; }

    public string? HandlerId { get; private set; }

    public string? Findings { get; private set; }

    public string? RootCauseCode { get; private set; }

    public string? RootCauseNote { get; private set; }

    public long? RefundFen { get; private set; }

    public bool? Apology { get; private set; }

    public string? CorrectiveAction { get; private set; }

    /// <summary>Whether the investigation found the complaint justified (set by the response).</summary>
    public bool? Upheld { get; private set; }

    public ComplaintOutcome? Outcome { get; private set; }

    /// <summary>The complaint this one was merged into.</summary>
    public string? MasterComplaintId { get; private set; }

    public DateTimeOffset FirstResponseDueAt { get; private set; }

    public DateTimeOffset ResolutionDueAt { get; private set; }

    public DateTimeOffset? FirstResponseAt { get; private set; }

    public DateTimeOffset? RespondedAt { get; private set; }

    /// <summary>Until when the customer may answer the response; after it the sweep closes as unconfirmed.</summary>
    public DateTimeOffset? ConfirmationDueAt { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    public DateTimeOffset? FirstResponseWarnedAt { get; private set; }

    public DateTimeOffset? ResolutionWarnedAt { get; private set; }

    public DateTimeOffset? FirstResponseBreachedAt { get; private set; }

    public DateTimeOffset? ResolutionBreachedAt { get; private set; }

    /// <summary>Whether the first response came within the market rule's 15 days (null while unanswered).</summary>
    public bool? AnsweredWithinDeadline => FirstResponseAt is { } at ? at <= ResponseDueAt : null;

    public bool IsOpen => !ComplaintLifecycle.IsFinal(Status);

    public static string NewId() => IdPrefix + Guid.CreateVersion7().ToString("N");

    /// <summary>Receives a complaint and acknowledges it at once, as ISO 10002 asks.</summary>
    public static CustomerComplaint Receive(string complaintId, ComplaintSubmission submission, DateTimeOffset now, string? customerPhoneRef = null)
    {
        var complaint = new CustomerComplaint
        {
            ComplaintId = complaintId,
            Channel = submission.Channel,
            ExternalId = submission.ExternalId,
            Subject = submission.Subject,
            Description = submission.Description,
            RemedySought = submission.RemedySought,
            Category = submission.Category,
            HallId = submission.HallId,
            CustomerPhone = submission.CustomerPhone,
            CustomerPhoneRef = customerPhoneRef,
            // A registration comes from no visit: it starts a journey of its own.
            JourneyId = JourneyIds.New(),
            Status = ComplaintStatus.Received,
            ReceivedAt = now,
            StatusChangedAt = now,
            ResponseDueAt = now + ResponseDeadline,
            FirstResponseDueAt = now + ResponseDeadline,
            ResolutionDueAt = now + ResponseDeadline,
            CustomerName = submission.CustomerName,
            RelatedVisitId = submission.Related?.VisitId,
            RelatedOrderId = submission.Related?.OrderId,
            RelatedTicketId = submission.Related?.TicketId,
            RelatedStaffId = submission.Related?.StaffId,
        };
        complaint.MoveTo(ComplaintStatus.Acknowledged, "Acknowledged on receipt.", now, "system");
        return complaint;
    }

    /// <summary>
    /// The complaint of a hall visit whose service type Complaint owns, opened when a counter calls it: channel hall,
    /// the visit's journey and the customer as Reception knows them; received and acknowledged like any other.
    /// </summary>
    public static CustomerComplaint ReceiveForVisit(string complaintId, VisitComplaint visit, DateTimeOffset now, string? customerPhoneRef)
    {
        ArgumentNullException.ThrowIfNull(visit);
        var complaint = Receive(complaintId,
            new ComplaintSubmission(ComplaintChannel.Hall, null, $"Complaint at the hall (ticket {visit.TicketNumber})",
                visit.Description ?? "", "", ComplaintCategory.Other, visit.HallId, visit.CustomerPhone),
            now, customerPhoneRef);
        complaint.VisitId = visit.VisitId;
        complaint.RelatedVisitId = visit.VisitId;
        complaint.JourneyId = visit.JourneyId ?? complaint.JourneyId;
        complaint.CustomerName = visit.CustomerName;
        return complaint;
    }

    /// <summary>Moves to <paramref name="to"/> if the lifecycle allows it; returns false and changes nothing otherwise.</summary>
    public bool MoveTo(ComplaintStatus to, string? note, DateTimeOffset now, string? by = null)
    {
        if (!ComplaintLifecycle.CanMove(Status, to) || to == ComplaintStatus.Closed)
        {
            // Closing always says how it ended: Close.
            return false;
        }
        Record(to, note, now, by);
        return true;
    }

    /// <summary>Closes with <paramref name="outcome"/> when the lifecycle allows that outcome from the current status.</summary>
    public bool Close(ComplaintOutcome outcome, string? note, DateTimeOffset now, string by)
    {
        if (!ComplaintLifecycle.CanMove(Status, ComplaintStatus.Closed) || !ComplaintLifecycle.CanClose(Status, outcome))
        {
            return false;
        }
        Record(ComplaintStatus.Closed, note, now, by);
        Outcome = outcome;
        ClosedAt = now;
        ConfirmationDueAt = null;
        return true;
    }

    /// <summary>Sets the clock targets of the complaint's category (the 15-day answer rule caps both).</summary>
    public void ApplyClockTargets(ClockTargets targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var firstDue = ReceivedAt + targets.FirstResponse;
        FirstResponseDueAt = firstDue < ResponseDueAt ? firstDue : ResponseDueAt;
        ResolutionDueAt = ReceivedAt + targets.Resolution;
    }

    /// <summary>Registers the assessment: category, severity and the responsible department.</summary>
    public bool Assess(ComplaintCategory category, ComplaintSeverity severity, string departmentId, ClockTargets targets, string? note, DateTimeOffset now, string by)
    {
        if (!ComplaintLifecycle.CanMove(Status, ComplaintStatus.Assessed))
        {
            return false;
        }
        Category = category;
        Severity = severity;
        DepartmentId = departmentId;
        ApplyClockTargets(targets);
        Record(ComplaintStatus.Assessed, note, now, by);
        return true;
    }

    /// <summary>
    /// Assigns to a department and handler: from assessed, escalated or reopened this moves to assigned; while
    /// assigned or investigating it is a transfer (the status stays). Every one is in the assignment history.
    /// </summary>
    public bool Assign(string departmentId, string? handlerId, string? reason, DateTimeOffset now, string by)
    {
        var transfer = Status is ComplaintStatus.Assigned or ComplaintStatus.Investigating;
        if (!transfer && !ComplaintLifecycle.CanMove(Status, ComplaintStatus.Assigned))
        {
            return false;
        }
        _assignmentHistory.Add(new ComplaintAssignment(DepartmentId, HandlerId, departmentId, handlerId, by, reason, now));
        DepartmentId = departmentId;
        HandlerId = handlerId;
        if (!transfer)
        {
            Record(ComplaintStatus.Assigned, reason, now, by);
        }
        else
        {
            StatusChangedAt = now;
        }
        return true;
    }

    /// <summary>Records the response sent to the customer and starts the confirmation period.</summary>
    public bool Respond(ComplaintResponseDraft response, TimeSpan confirmationPeriod, DateTimeOffset now, string by)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (!ComplaintLifecycle.CanMove(Status, ComplaintStatus.Responded))
        {
            return false;
        }
        Findings = response.Findings;
        RootCauseCode = response.RootCauseCode;
        RootCauseNote = response.RootCauseNote;
        RefundFen = response.Remedy.RefundFen;
        Apology = response.Remedy.Apology;
        CorrectiveAction = response.Remedy.CorrectiveAction;
        Upheld = response.Upheld;
        FirstResponseAt ??= now;
        RespondedAt = now;
        ConfirmationDueAt = now + confirmationPeriod;
        Record(ComplaintStatus.Responded, null, now, by);
        return true;
    }

    /// <summary>Records that the complaint is the master of a merge, or related to another.</summary>
    public void AddLink(string otherComplaintId, ComplaintLinkKind kind, DateTimeOffset now, string by)
    {
        if (_links.Any(l => l.OtherComplaintId == otherComplaintId && l.Kind == kind))
        {
            return;
        }
        _links.Add(new ComplaintLink(otherComplaintId, kind, by, now));
    }

    public bool IsLinkedTo(string otherComplaintId) => _links.Any(l => l.OtherComplaintId == otherComplaintId);

    /// <summary>Closes this complaint as merged into <paramref name="masterId"/>; its history stays as it is.</summary>
    public bool MergeInto(string masterId, DateTimeOffset now, string by)
    {
        if (!Close(ComplaintOutcome.Merged, $"Merged into {masterId}.", now, by))
        {
            return false;
        }
        MasterComplaintId = masterId;
        AddLink(masterId, ComplaintLinkKind.MergedInto, now, by);
        return true;
    }

    public void MarkFirstResponseWarned(DateTimeOffset now) => FirstResponseWarnedAt ??= now;

    public void MarkResolutionWarned(DateTimeOffset now) => ResolutionWarnedAt ??= now;

    public void MarkFirstResponseBreached(DateTimeOffset now) => FirstResponseBreachedAt ??= now;

    public void MarkResolutionBreached(DateTimeOffset now) => ResolutionBreachedAt ??= now;

    private void Record(ComplaintStatus to, string? note, DateTimeOffset now, string? by)
    {
        _statusChangeHistory.Add(new StatusChange(Status, to, now, note, by));
        Status = to;
        StatusChangedAt = now;
        if (to == ComplaintStatus.Acknowledged)
        {
            AcknowledgedAt ??= now;
        }
        if (to is ComplaintStatus.Reopened or ComplaintStatus.Escalated)
        {
            ConfirmationDueAt = null;
        }
    }

    /// <summary>Whether a repeated registration carries what this complaint was registered with.</summary>
    public bool WasRegisteredWith(ComplaintSubmission submission) =>
        Channel == submission.Channel
        && string.Equals(ExternalId, submission.ExternalId, StringComparison.Ordinal)
        && string.Equals(Subject, submission.Subject, StringComparison.Ordinal)
        && string.Equals(Description, submission.Description, StringComparison.Ordinal)
        && string.Equals(RemedySought, submission.RemedySought, StringComparison.Ordinal)
        && Category == submission.Category
        && string.Equals(HallId, submission.HallId, StringComparison.Ordinal)
        && string.Equals(CustomerPhone, submission.CustomerPhone, StringComparison.Ordinal)
        && string.Equals(CustomerName, submission.CustomerName, StringComparison.Ordinal)
        && string.Equals(RelatedStaffId, submission.Related?.StaffId, StringComparison.Ordinal);
}
