using HallPlatform.Application;

namespace HallPlatform.Fault.Domain;

/// <summary>A trouble ticket (TMF621): one reported fault from the hall, phone or online channel.</summary>
public sealed class TroubleTicket
{
    public const string IdPrefix = "tt_";
    public const string RegisteredReason = "registered";

    public const string AutoClosedReason = "closed automatically: no confirmation within the confirmation period";
    public const int MaxNotes = 200;
    public const int MaxAttachments = 50;
    public const int MaxSatisfactionScore = 5;

    private readonly List<TicketStatusChange> _statusChangeHistory = [];
    private readonly List<TicketNote> _notes = [];
    private readonly List<TicketAttachment> _attachments = [];

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

    /// <summary>Personal data (from the report or the hall visit): stored encrypted, never logged.</summary>
    public string? CustomerName { get; private set; }

    /// <summary>The line or service the fault affects (line number, circuit or account reference), as reported.</summary>
    public string? ServiceAffected { get; private set; }

    /// <summary>
    /// The area code (e.g. a district code) where on-site work happens: given by the analysis or the dispatch request;
    /// technicians are assigned by it (docs/fault.md, "Dispatch and appointments").
    /// </summary>
    public string? Area { get; private set; }

    /// <summary>Sets the on-site area (a later analysis or dispatch may correct it).</summary>
    public void SetArea(string area) => Area = area;

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

    /// <summary>Notes by staff (author, time, text), oldest first.</summary>
    public IReadOnlyList<TicketNote> Notes => _notes;

    /// <summary>Attachment metadata only (the files live elsewhere; the url or reference points to them).</summary>
    public IReadOnlyList<TicketAttachment> Attachments => _attachments;

    /// <summary>The technician's analysis (latest), or null before one is recorded.</summary>
    public TicketAnalysis? Analysis { get; private set; }

    /// <summary>What was done to resolve the fault (the resolve step's reason, or the on-site fix's action).</summary>
    public string? Resolution { get; private set; }

    /// <summary>Whether the technician fixed the fault on the spot (the fix step) rather than resolving it otherwise.</summary>
    public bool FixedOnSite { get; private set; }

    /// <summary>The customer's satisfaction (1-5) given when confirming the repair; null until confirmed.</summary>
    public int? SatisfactionScore { get; private set; }

    /// <summary>Closed by the sweep because the customer did not answer within the confirmation period.</summary>
    public bool AutoClosed { get; private set; }

    /// <summary>Running time after which the SLA warns (the repair target).</summary>
    public TimeSpan SlaTarget { get; private set; }

    /// <summary>Running time after which the SLA is breached (the repair maximum).</summary>
    public TimeSpan SlaMaximum { get; private set; }

    /// <summary>Time spent pending on the customer, finished pauses only (the clock does not run then).</summary>
    public TimeSpan SlaPausedTotal { get; private set; }

    /// <summary>When the current pause began (the ticket is pending), else null.</summary>
    public DateTimeOffset? SlaPausedSince { get; private set; }

    /// <summary>When the clock stopped (resolved, cancelled or rejected); cleared by a reopen.</summary>
    public DateTimeOffset? SlaStoppedAt { get; private set; }

    /// <summary>
    /// Registers a checked report: the ticket is submitted and, being valid, acknowledged at once, so the
    /// registration step is in its history like every other status change. <paramref name="customerPhoneRef"/> is
    /// the blind index of the report's phone (null when it has none).
    /// </summary>
    public static TroubleTicket Register(
        FaultReport report, DateTimeOffset now, string? reporterPartnerId, string? customerPhoneRef, SlaTerms? sla = null)
    {
        sla ??= SlaTerms.Default;
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
            CustomerName = report.CustomerName,
            ServiceAffected = report.ServiceAffected,
            // A report comes from no visit: it starts a journey of its own.
            JourneyId = JourneyIds.New(),
            CustomerPhoneRef = customerPhoneRef,
            Status = TicketStatus.Submitted,
            CreatedAt = now,
            ExpectedResolutionDate = now + sla.Maximum,
            SlaTarget = sla.Target,
            SlaMaximum = sla.Maximum,
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
    public static TroubleTicket OpenForVisit(VisitFault visit, DateTimeOffset now, string? customerPhoneRef, SlaTerms? sla = null)
    {
        ArgumentNullException.ThrowIfNull(visit);
        var ticket = Register(
            new FaultReport(Channel.Hall, null, $"Fault reported at the hall (ticket {visit.TicketNumber})", visit.Description ?? "",
                Severity.Minor, TicketType.Other, visit.HallId, visit.CustomerPhone, visit.CustomerName),
            now, reporterPartnerId: null, customerPhoneRef, sla);
        ticket.VisitId = visit.VisitId;
        ticket.JourneyId = visit.JourneyId ?? ticket.JourneyId;
        return ticket;
    }

    /// <summary>Moves the ticket to <paramref name="target"/> when the transition table allows it.</summary>
    /// <returns>false, with the ticket unchanged, when the move is forbidden from the current status.</returns>
    public bool TryMoveTo(TicketStatus target, string reason, DateTimeOffset now, string? changedBy = null)
    {
        if (!TicketStateMachine.CanMove(Status, target))
        {
            return false;
        }
        now = now.ToStoredPrecision();
        MoveSlaClock(Status, target, now);
        _statusChangeHistory.Add(new TicketStatusChange(Status, target, now, reason, changedBy));
        Status = target;
        StatusChangeDate = now;
        StatusChangeReason = reason;
        return true;
    }

    /// <summary>
    /// Takes a named step (<see cref="TicketSteps"/>) when the ticket is in one of the step's starting statuses.
    /// Resolve records the resolution; Confirm needs the customer's score (1-5); AutoClose marks the ticket auto-closed.
    /// </summary>
    /// <returns>false, with the ticket unchanged, when the step cannot be taken from the current status.</returns>
    public bool TryTake(TicketStep step, string reason, DateTimeOffset now, string changedBy, int? satisfactionScore = null)
    {
        if (step == TicketStep.Confirm && satisfactionScore is not (>= 1 and <= MaxSatisfactionScore))
        {
            throw new ArgumentOutOfRangeException(nameof(satisfactionScore), "A confirmation carries a score of 1 to 5.");
        }
        if (!TicketSteps.CanTake(step, Status) || !TryMoveTo(TicketSteps.Target(step), reason, now, changedBy))
        {
            return false;
        }
        switch (step)
        {
            case TicketStep.Resolve:
                Resolution = reason;
                break;
            case TicketStep.Reopen:
                Resolution = null;
                FixedOnSite = false;
                break;
            case TicketStep.Confirm:
                SatisfactionScore = satisfactionScore;
                break;
            case TicketStep.AutoClose:
                AutoClosed = true;
                break;
        }
        return true;
    }

    /// <summary>The on-site fix: the action taken is the resolution, and the ticket is resolved (from inProgress only).</summary>
    public bool TryFixOnSite(string action, DateTimeOffset now, string changedBy)
    {
        if (!TryTake(TicketStep.Resolve, action, now, changedBy))
        {
            return false;
        }
        FixedOnSite = true;
        return true;
    }

    /// <summary>Records the technician's analysis (replacing an earlier one); only while the ticket is in progress.</summary>
    public bool TryRecordAnalysis(CauseCategory cause, string findings, DateTimeOffset now, string analysedBy)
    {
        if (Status != TicketStatus.InProgress)
        {
            return false;
        }
        Analysis = new TicketAnalysis(cause, findings, analysedBy, now.ToStoredPrecision());
        return true;
    }

    /// <summary>Adds a note; refused once the ticket holds <see cref="MaxNotes"/>.</summary>
    public bool TryAddNote(string author, string text, DateTimeOffset now)
    {
        if (_notes.Count >= MaxNotes)
        {
            return false;
        }
        _notes.Add(new TicketNote(author, now.ToStoredPrecision(), text));
        return true;
    }

    /// <summary>Adds attachment metadata; refused once the ticket holds <see cref="MaxAttachments"/>.</summary>
    public bool TryAddAttachment(TicketAttachment attachment)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        if (_attachments.Count >= MaxAttachments)
        {
            return false;
        }
        _attachments.Add(attachment with { AddedAt = attachment.AddedAt.ToStoredPrecision() });
        return true;
    }

    /// <summary>
    /// The SLA clock at <paramref name="now"/>: it runs from registration, pauses while pending on the customer (the due
    /// time moves by the pause), and stops at resolution, cancellation or rejection.
    /// </summary>
    public SlaClock SlaAt(DateTimeOffset now)
    {
        var at = SlaStoppedAt ?? now;
        var ongoingPause = SlaPausedSince is { } since && at > since ? at - since : TimeSpan.Zero;
        var paused = SlaPausedTotal + ongoingPause;
        var dueAt = CreatedAt + SlaMaximum + paused;
        var warningAt = CreatedAt + SlaTarget + paused;
        var breached = at > dueAt;
        return new SlaClock(SlaTarget, SlaMaximum, warningAt, dueAt, paused, SlaPausedSince is not null, SlaStoppedAt is not null,
            Warning: !breached && at >= warningAt, Breached: breached);
    }

    // Entering pending starts a pause; leaving it ends the pause and moves the due time. Resolving, cancelling or
    // rejecting stops the clock; a reopen runs it again (the resolved time counts: the fault was still there).
    private void MoveSlaClock(TicketStatus from, TicketStatus to, DateTimeOffset now)
    {
        if (from == TicketStatus.Pending && SlaPausedSince is { } since)
        {
            var pause = now > since ? now - since : TimeSpan.Zero;
            SlaPausedTotal += pause;
            ExpectedResolutionDate += pause;
            SlaPausedSince = null;
        }
        if (to == TicketStatus.Pending)
        {
            SlaPausedSince = now;
        }
        if (to is TicketStatus.Resolved or TicketStatus.Cancelled or TicketStatus.Rejected)
        {
            SlaStoppedAt = now;
        }
        else if (from == TicketStatus.Resolved && to == TicketStatus.InProgress)
        {
            SlaStoppedAt = null;
        }
    }

    /// <summary>Whether <paramref name="partnerId"/> may see this ticket at all (a partner sees only its own reports).</summary>
    public bool IsVisibleToPartner(string partnerId) => string.Equals(ReporterPartnerId, partnerId, StringComparison.Ordinal);

    /// <summary>Whether a retried report carries exactly the content this ticket was registered with.</summary>
    public bool WasRegisteredFrom(FaultReport report) =>
        report == new FaultReport(Channel, ExternalId, Name, Description, Severity, TicketType, HallId, CustomerPhone, CustomerName, ServiceAffected);
}

/// <summary>One entry of a ticket's status history: who (staff, partner or service id; "system" for the sweep) and when.</summary>
public sealed record TicketStatusChange(TicketStatus From, TicketStatus To, DateTimeOffset At, string Reason, string? ChangedBy = null);

/// <summary>A note on a ticket.</summary>
public sealed record TicketNote(string Author, DateTimeOffset At, string Text)
{
    public const int MaxTextLength = 2000;
}

/// <summary>Metadata of a file attached to a ticket (the file itself is not stored by Fault).</summary>
public sealed record TicketAttachment(string Name, string MediaType, long Size, string Url, string AddedBy, DateTimeOffset AddedAt)
{
    public const int MaxNameLength = 200;
    public const int MaxMediaTypeLength = 100;
    public const int MaxUrlLength = 1000;
    public const long MaxSize = 1L << 40;
}

/// <summary>A technician's analysis of the fault.</summary>
public sealed record TicketAnalysis(CauseCategory CauseCategory, string Findings, string AnalysedBy, DateTimeOffset AnalysedAt)
{
    public const int MaxFindingsLength = 2000;
}

/// <summary>The SLA a ticket is registered with: warn after <paramref name="Target"/>, breached after <paramref name="Maximum"/>.</summary>
public sealed record SlaTerms(TimeSpan Target, TimeSpan Maximum)
{
    /// <summary>The market rule: repair within 24 h on average, 48 h at most.</summary>
    public static SlaTerms Default { get; } = new(TimeSpan.FromHours(24), TimeSpan.FromHours(48));
}

/// <summary>A ticket's SLA clock at one instant.</summary>
public sealed record SlaClock(
    TimeSpan Target, TimeSpan Maximum, DateTimeOffset WarningAt, DateTimeOffset DueAt, TimeSpan Paused, bool IsPaused, bool IsStopped,
    bool Warning, bool Breached);

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
