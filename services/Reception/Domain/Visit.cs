namespace HallPlatform.Reception.Domain;

/// <summary>
/// A customer's visit to a hall (TMF683 party interaction, direction inbound). Holds personal data (name, phone,
/// ID document): never log it or put it on spans. Every status change goes through <see cref="VisitStatusMachine"/>.
/// </summary>
public sealed class Visit
{
    public const string IdPrefix = "vis_";
    public const string DirectionInbound = "inbound";

    private Visit()
    {
    }

    public string Id { get; private set; } = "";
    public string HallId { get; private set; } = "";
    public string CustomerName { get; private set; } = "";
    public string CustomerPhone { get; private set; } = "";
    /// <summary>Keyed hash of the phone (the blind index): the audit trail's customer reference; the phone itself is stored encrypted.</summary>
    public string? CustomerPhoneRef { get; private set; }
    public string? IdDocumentType { get; private set; }
    public string? IdDocumentNumber { get; private set; }
    /// <summary>The service type whose queue holds (or last held) the ticket; changes on transfer.</summary>
    public string ServiceType { get; private set; } = "";
    public VisitChannel Channel { get; private set; } = VisitChannels.Default;
    public string Direction { get; private set; } = DirectionInbound;
    public VisitStatus Status { get; private set; } = VisitStatus.Waiting;
    public PriorityClass PriorityClass { get; private set; } = PriorityClass.Normal;
    public string? AppointmentId { get; private set; }

    /// <summary>The number series the ticket came from: prefix letter and the hall's business day.</summary>
    public string TicketPrefix { get; private set; } = "";
    public DateOnly BusinessDay { get; private set; }
    /// <summary>Position in the day's series; unique per hall, prefix and day (the display number wraps, this does not).</summary>
    public long TicketSequence { get; private set; }
    /// <summary>What the customer holds and the board shows, e.g. A001. Kept on transfer.</summary>
    public string TicketNumber { get; private set; } = "";

    /// <summary>When the ticket was issued; the queue order (recycle and transfer keep it).</summary>
    public DateTimeOffset ArrivedAt { get; private set; }
    /// <summary>The first call: the KPI "waiting time" ends here.</summary>
    public DateTimeOffset? FirstCalledAt { get; private set; }
    /// <summary>The latest call: the KPI "service time" starts here.</summary>
    public DateTimeOffset? CalledAt { get; private set; }
    public DateTimeOffset? ServingStartedAt { get; private set; }
    public DateTimeOffset? CompletedAt { get; private set; }
    /// <summary>End of the interaction (completed, no-show, cancelled).</summary>
    public DateTimeOffset? EndedAt { get; private set; }
    public int RecallCount { get; private set; }
    /// <summary>The counter holding the visit (called, serving) or that parked it.</summary>
    public string? CounterId { get; private set; }
    public string? StaffId { get; private set; }
    /// <summary>Why the visit ended when it did not end normally, e.g. closedAtDayEnd.</summary>
    public string? Outcome { get; private set; }
    public string? OrderId { get; private set; }
    /// <summary>The client's key for this check-in: a retry with it returns this visit instead of a second ticket.</summary>
    public string? IdempotencyKey { get; private set; }
    /// <summary>Opaque id of the customer's journey, given at check-in and carried onto the visit's case.</summary>
    public string? JourneyId { get; private set; }

    /// <summary>
    /// The W3C trace context the visit was checked in under: later steps on the visit (start, complete, transfer...)
    /// run in a span of that trace, so the journey stays one trace however many requests it takes.
    /// </summary>
    public string? JourneyTraceParent { get; private set; }

    public void RememberJourneyTrace(string? traceParent) => JourneyTraceParent ??= traceParent;

    public static string NewId() => IdPrefix + Guid.CreateVersion7().ToString("N");

    /// <summary>A waiting visit holding the ticket the queue issued for it.</summary>
    public static Visit Issue(string id, string hallId, string customerName, string customerPhone, string serviceType,
        VisitChannel channel, string ticketPrefix, DateOnly businessDay, long ticketSequence, DateTimeOffset arrivedAt,
        string? idempotencyKey, PriorityClass priorityClass = PriorityClass.Normal, string? appointmentId = null,
        string? idDocumentType = null, string? idDocumentNumber = null, string? customerPhoneRef = null, string? journeyId = null) => new()
    {
        Id = id,
        JourneyId = journeyId,
        HallId = hallId,
        CustomerName = customerName,
        CustomerPhone = customerPhone,
        CustomerPhoneRef = customerPhoneRef,
        ServiceType = serviceType,
        Channel = channel,
        TicketPrefix = ticketPrefix,
        BusinessDay = businessDay,
        TicketSequence = ticketSequence,
        TicketNumber = TicketNumbering.Display(ticketPrefix, ticketSequence),
        ArrivedAt = arrivedAt,
        IdempotencyKey = idempotencyKey,
        PriorityClass = priorityClass,
        AppointmentId = appointmentId,
        IdDocumentType = idDocumentType,
        IdDocumentNumber = idDocumentNumber,
    };

    /// <summary>Whether <paramref name="counterId"/> holds this visit (it was called or is served there).</summary>
    public bool IsHeldBy(string counterId) =>
        Status is VisitStatus.Called or VisitStatus.Serving && string.Equals(CounterId, counterId, StringComparison.Ordinal);

    public void Call(string counterId, string? staffId, DateTimeOffset calledAt)
    {
        Status = VisitStatusMachine.Apply(Status, VisitAction.Call);
        CounterId = counterId;
        StaffId = staffId;
        CalledAt = calledAt;
        FirstCalledAt ??= calledAt;
        RecallCount = 0;
    }

    public void Recall()
    {
        Status = VisitStatusMachine.Apply(Status, VisitAction.Recall);
        RecallCount++;
    }

    /// <summary>Only after <paramref name="noShowAfterRecalls"/> recalls: before that the customer may still come.</summary>
    public void MarkNoShow(int noShowAfterRecalls, DateTimeOffset at)
    {
        var to = VisitStatusMachine.Apply(Status, VisitAction.NoShow);
        if (RecallCount < noShowAfterRecalls)
        {
            throw new NoShowTooEarlyException(RecallCount, noShowAfterRecalls);
        }
        Status = to;
        EndedAt = at;
        Outcome = "noShow";
    }

    public void Recycle()
    {
        Status = VisitStatusMachine.Apply(Status, VisitAction.Recycle);
        CounterId = null;
        StaffId = null;
        RecallCount = 0;
    }

    public void Park() => Status = VisitStatusMachine.Apply(Status, VisitAction.Park);

    /// <summary>Into another type's queue at the original arrival time; the ticket number stays.</summary>
    public void Transfer(string toServiceType)
    {
        Status = VisitStatusMachine.Apply(Status, VisitAction.Transfer);
        ServiceType = toServiceType;
        CounterId = null;
        StaffId = null;
        RecallCount = 0;
        ServingStartedAt = null;
    }

    public void StartService(DateTimeOffset at)
    {
        Status = VisitStatusMachine.Apply(Status, VisitAction.Start);
        ServingStartedAt = at;
    }

    public void Complete(DateTimeOffset at)
    {
        Status = VisitStatusMachine.Apply(Status, VisitAction.Complete);
        CompletedAt = at;
        EndedAt = at;
        Outcome = "completed";
    }

    public void Cancel()
    {
        Status = VisitStatusMachine.Apply(Status, VisitAction.Cancel);
        Outcome = "cancelled";
    }

    public void CloseAtDayEnd(DateTimeOffset at)
    {
        Status = VisitStatusMachine.Apply(Status, VisitAction.CloseDay);
        EndedAt = at;
        Outcome = QueueEventTypes.ClosedAtDayEnd;
    }

    /// <summary>The business order opened for this visit; the same id on a retry (OpenOrder is idempotent per visit).</summary>
    public void AttachOrder(string orderId) => OrderId = orderId;

    /// <summary>Whole seconds between arrival and the first call (the KPI "waiting time"), null until called.</summary>
    public long? WaitedSeconds => FirstCalledAt is { } called ? (long)Math.Max(0, (called - ArrivedAt).TotalSeconds) : null;

    /// <summary>Seconds from the latest call to completion (the KPI "service time"), null until completed.</summary>
    public double? ServiceSeconds => CompletedAt is { } done && CalledAt is { } called ? Math.Max(0, (done - called).TotalSeconds) : null;
}

public sealed class NoShowTooEarlyException(int recallCount, int required)
    : InvalidOperationException($"The ticket was recalled {recallCount} time(s); it can be marked no-show after {required} recall(s).")
{
    public int RecallCount { get; } = recallCount;
    public int Required { get; } = required;
}
