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
    string CustomerPhone);

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
public sealed class StatusChange(ComplaintStatus from, ComplaintStatus to, DateTimeOffset at, string? note)
{
    public ComplaintStatus From { get; private set; } = from;

    public ComplaintStatus To { get; private set; } = to;

    public DateTimeOffset At { get; private set; } = at;

    public string? Note { get; private set; } = note;
}

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
        };
        complaint.MoveTo(ComplaintStatus.Acknowledged, "Acknowledged on receipt.", now);
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
        complaint.JourneyId = visit.JourneyId ?? complaint.JourneyId;
        complaint.CustomerName = visit.CustomerName;
        return complaint;
    }

    /// <summary>Moves to <paramref name="to"/> if the lifecycle allows it; returns false and changes nothing otherwise.</summary>
    public bool MoveTo(ComplaintStatus to, string? note, DateTimeOffset now)
    {
        if (!ComplaintLifecycle.CanMove(Status, to))
        {
            return false;
        }
        _statusChangeHistory.Add(new StatusChange(Status, to, now, note));
        Status = to;
        StatusChangedAt = now;
        if (to == ComplaintStatus.Acknowledged)
        {
            AcknowledgedAt ??= now;
        }
        return true;
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
        && string.Equals(CustomerPhone, submission.CustomerPhone, StringComparison.Ordinal);
}
