using HallPlatform.Application;

namespace HallPlatform.Fault.Domain;

/// <summary>A trouble ticket (TMF621): one reported fault from the hall, phone or online channel.</summary>
public sealed class TroubleTicket
{
    public const string IdPrefix = "tt_";
    public const string RegisteredReason = "registered";

    private readonly List<TicketStatusChange> _statusChangeHistory = [];

    // For EF Core materialisation.
    private TroubleTicket()
    {
    }

    public string TicketId { get; private set; } = "";
    public Channel Channel { get; private set; }
    public string? ExternalId { get; private set; }
    public string Name { get; private set; } = "";
    public string Description { get; private set; } = "";
    public Severity Severity { get; private set; }
    public TicketType TicketType { get; private set; }
    public string? HallId { get; private set; }

    /// <summary>The partner whose API key reported the ticket (null for hall staff): only that partner may read it.</summary>
    public string? ReporterPartnerId { get; private set; }

    /// <summary>Personal data: stored encrypted, masked in responses, never logged.</summary>
    public string? CustomerPhone { get; private set; }

    /// <summary>Personal data (hall visits only, as Reception knows the customer): stored encrypted, never logged.</summary>
    public string? CustomerName { get; private set; }

    /// <summary>The hall visit this ticket was opened for (one ticket per visit); null for reports.</summary>
    public string? VisitId { get; private set; }

    /// <summary>The customer journey the ticket belongs to: the visit's, or a new one for a partner's report.</summary>
    public string? JourneyId { get; private set; }

    /// <summary>
    /// The W3C trace context of the journey's trace where this case was opened: later work on the case (a status
    /// change the next day) joins that trace. Not personal data; an id of a trace.
    /// </summary>
    public string? JourneyTraceParent { get; private set; }

    /// <summary>Keeps the trace context the case was opened in (the first one given wins).</summary>
    public void RememberJourneyTrace(string? traceParent) => JourneyTraceParent ??= traceParent;

    /// <summary>
    /// The blind index of <see cref="CustomerPhone"/> (a keyed hash, computed outside the domain): the audit trail's
    /// customer reference, and what a search by phone would match since the phone itself is ciphertext.
    /// </summary>
    public string? CustomerPhoneRef { get; private set; }

    public TicketStatus Status { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset ExpectedResolutionDate { get; private set; }
    public DateTimeOffset StatusChangeDate { get; private set; }
    public string StatusChangeReason { get; private set; } = "";
    public IReadOnlyList<TicketStatusChange> StatusChangeHistory => _statusChangeHistory;

    /// <summary>
    /// Registers a checked report: the ticket is submitted and, being valid, acknowledged at once, so the
    /// registration step is in its history like every other status change. <paramref name="customerPhoneRef"/> is
    /// the blind index of the report's phone (null when it has none).
    /// </summary>
    public static TroubleTicket Register(
        FaultReport report, DateTimeOffset now, string? reporterPartnerId, string? customerPhoneRef)
    {
        if ((report.CustomerPhone is null) != (customerPhoneRef is null))
        {
            throw new ArgumentException("A customer phone and its blind index come together or not at all.", nameof(customerPhoneRef));
        }
        now = now.ToStoredPrecision();
        var ticket = new TroubleTicket
        {
            TicketId = IdPrefix + Guid.CreateVersion7(now).ToString("N"),
            Channel = report.Channel,
            ExternalId = report.ExternalId,
            Name = report.Name,
            Description = report.Description,
            Severity = report.Severity,
            TicketType = report.TicketType,
            HallId = report.HallId,
            ReporterPartnerId = reporterPartnerId,
            CustomerPhone = report.CustomerPhone,
            // A report comes from no visit: it starts a journey of its own.
            JourneyId = JourneyIds.New(),
            CustomerPhoneRef = customerPhoneRef,
            Status = TicketStatus.Submitted,
            CreatedAt = now,
            ExpectedResolutionDate = ResolutionDeadline.From(now, report.TicketType),
            StatusChangeDate = now,
        };
        if (!ticket.TryMoveTo(TicketStatus.Acknowledged, RegisteredReason, now))
        {
            throw new InvalidOperationException("A submitted ticket must be acknowledgeable.");
        }
        return ticket;
    }

    /// <summary>
    /// The ticket of a hall visit whose service type Fault owns, opened when a counter calls it: channel hall, the
    /// visit's journey, and the customer as Reception knows them. Registered and acknowledged like a report.
    /// </summary>
    public static TroubleTicket OpenForVisit(VisitFault visit, DateTimeOffset now, string? customerPhoneRef)
    {
        ArgumentNullException.ThrowIfNull(visit);
        var ticket = Register(
            new FaultReport(Channel.Hall, null, $"Fault reported at the hall (ticket {visit.TicketNumber})", visit.Description ?? "",
                Severity.Minor, TicketType.Other, visit.HallId, visit.CustomerPhone),
            now, reporterPartnerId: null, customerPhoneRef);
        ticket.VisitId = visit.VisitId;
        ticket.JourneyId = visit.JourneyId ?? ticket.JourneyId;
        ticket.CustomerName = visit.CustomerName;
        return ticket;
    }

    /// <summary>Moves the ticket to <paramref name="target"/> when the transition table allows it.</summary>
    /// <returns>false, with the ticket unchanged, when the move is forbidden from the current status.</returns>
    public bool TryMoveTo(TicketStatus target, string reason, DateTimeOffset now)
    {
        if (!TicketStateMachine.CanMove(Status, target))
        {
            return false;
        }
        now = now.ToStoredPrecision();
        _statusChangeHistory.Add(new TicketStatusChange(Status, target, now, reason));
        Status = target;
        StatusChangeDate = now;
        StatusChangeReason = reason;
        return true;
    }

    /// <summary>Whether <paramref name="partnerId"/> may see this ticket at all (a partner sees only its own reports).</summary>
    public bool IsVisibleToPartner(string partnerId) => string.Equals(ReporterPartnerId, partnerId, StringComparison.Ordinal);

    /// <summary>Whether a retried report carries exactly the content this ticket was registered with.</summary>
    public bool WasRegisteredFrom(FaultReport report) =>
        report == new FaultReport(Channel, ExternalId, Name, Description, Severity, TicketType, HallId, CustomerPhone);
}

/// <summary>One entry of a ticket's status history.</summary>
public sealed record TicketStatusChange(TicketStatus From, TicketStatus To, DateTimeOffset At, string Reason);

/// <summary>A checked request to open the ticket of a called hall visit (from Reception).</summary>
public sealed record VisitFault(
    string VisitId,
    string? JourneyId,
    string HallId,
    string ServiceType,
    string CounterId,
    string TicketNumber,
    string? CustomerName,
    string? CustomerPhone,
    string? Description)
{
    public const int MaxVisitIdLength = 40;
    public const int MaxCustomerNameLength = 200;
}
