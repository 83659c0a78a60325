namespace HallPlatform.Reception.Domain;

/// <summary>
/// A customer's visit to a hall (TMF683 party interaction, direction inbound). Holds personal data (name, phone):
/// never log it or put it on spans.
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
    public string ServiceType { get; private set; } = "";
    public VisitChannel Channel { get; private set; } = VisitChannels.Default;
    public string Direction { get; private set; } = DirectionInbound;
    public VisitStatus Status { get; private set; } = VisitStatus.Waiting;

    /// <summary>The number series the ticket came from: prefix letter and the hall's business day.</summary>
    public string TicketPrefix { get; private set; } = "";
    public DateOnly BusinessDay { get; private set; }
    /// <summary>Position in the day's series; unique per hall, prefix and day (the display number wraps, this does not).</summary>
    public long TicketSequence { get; private set; }
    /// <summary>What the customer holds and the board shows, e.g. A001.</summary>
    public string TicketNumber { get; private set; } = "";

    public DateTimeOffset ArrivedAt { get; private set; }
    public DateTimeOffset? CalledAt { get; private set; }
    public string? CounterId { get; private set; }
    public string? OrderId { get; private set; }
    /// <summary>The client's key for this check-in: a retry with it returns this visit instead of a second ticket.</summary>
    public string? IdempotencyKey { get; private set; }

    public static string NewId() => IdPrefix + Guid.CreateVersion7().ToString("N");

    /// <summary>A waiting visit holding the ticket the queue issued for it.</summary>
    public static Visit Issue(string id, string hallId, string customerName, string customerPhone, string serviceType,
        VisitChannel channel, string ticketPrefix, DateOnly businessDay, long ticketSequence, DateTimeOffset arrivedAt,
        string? idempotencyKey) => new()
    {
        Id = id,
        HallId = hallId,
        CustomerName = customerName,
        CustomerPhone = customerPhone,
        ServiceType = serviceType,
        Channel = channel,
        TicketPrefix = ticketPrefix,
        BusinessDay = businessDay,
        TicketSequence = ticketSequence,
        TicketNumber = TicketNumbering.Display(ticketPrefix, ticketSequence),
        ArrivedAt = arrivedAt,
        IdempotencyKey = idempotencyKey,
    };

    public void Call(string counterId, DateTimeOffset calledAt)
    {
        Status = VisitStatusMachine.Transition(Status, VisitStatus.Called);
        CounterId = counterId;
        CalledAt = calledAt;
    }

    public void Cancel() => Status = VisitStatusMachine.Transition(Status, VisitStatus.Cancelled);

    /// <summary>The business order opened for this visit; the same id on a retry (OpenOrder is idempotent per visit).</summary>
    public void AttachOrder(string orderId) => OrderId = orderId;

    /// <summary>Whole seconds between arrival and call (the KPI "waiting time"), null until called.</summary>
    public long? WaitedSeconds => CalledAt is { } called ? (long)Math.Max(0, (called - ArrivedAt).TotalSeconds) : null;
}
