namespace HallPlatform.Reception.Domain;

public static class QueueEventTypes
{
    public const string CheckedIn = "checkedIn";
    public const string Called = "called";
    public const string CalledOutOfOrder = "calledOutOfOrder";
    public const string Recalled = "recalled";
    public const string NoShow = "noShow";
    public const string Recycled = "recycled";
    public const string Parked = "parked";
    public const string Transferred = "transferred";
    public const string ServiceStarted = "serviceStarted";
    public const string ServiceCompleted = "serviceCompleted";
    public const string Cancelled = "cancelled";
    public const string ClosedAtDayEnd = "closedAtDayEnd";
    public const string Requeued = "requeued";
    public const string CounterOpened = "counterOpened";
    public const string CounterClosed = "counterClosed";
}

/// <summary>
/// One thing that happened in a hall's queue, written in the same transaction as the visit change it records
/// (Qmatic-style: every transaction is an event, and KPIs can be recomputed from events).
/// </summary>
public sealed class QueueEvent
{
    public long Id { get; private set; }
    /// <summary>Null for counter events (opened, closed).</summary>
    public string? VisitId { get; init; }
    public required string HallId { get; init; }
    public required string Type { get; init; }
    public required DateTimeOffset At { get; init; }
    public string? ServiceType { get; init; }
    public string? TicketNumber { get; init; }
    public string? CounterId { get; init; }
    public string? StaffId { get; init; }
    public string? Reason { get; init; }
    public string? FromServiceType { get; init; }
    public string? ToServiceType { get; init; }

    public static QueueEvent For(Visit visit, string type, DateTimeOffset at, string? counterId = null, string? staffId = null,
        string? reason = null, string? fromServiceType = null, string? toServiceType = null) => new()
    {
        VisitId = visit.Id,
        HallId = visit.HallId,
        Type = type,
        At = at,
        ServiceType = visit.ServiceType,
        TicketNumber = visit.TicketNumber,
        CounterId = counterId ?? visit.CounterId,
        StaffId = staffId ?? visit.StaffId,
        Reason = reason,
        FromServiceType = fromServiceType,
        ToServiceType = toServiceType,
    };
}
