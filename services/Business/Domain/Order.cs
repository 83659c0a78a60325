using HallPlatform.Application;

namespace HallPlatform.Business.Domain;

/// <summary>A business order (TMF622 product order) opened for one visit when a counter calls its ticket.</summary>
public sealed class Order
{
    public const string IdPrefix = "ord_";

    private readonly List<OrderStateChange> _stateChangeHistory = [];

    // For EF Core materialisation.
    private Order()
    {
    }

    public string OrderId { get; private set; } = "";
    public string VisitId { get; private set; } = "";
    public string HallId { get; private set; } = "";
    public string ServiceType { get; private set; } = "";
    public string CounterId { get; private set; } = "";
    public string TicketNumber { get; private set; } = "";
    /// <summary>The customer journey of the visit (from Reception); null for orders opened before journeys existed.</summary>
    public string? JourneyId { get; private set; }
    public OrderState State { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset StateChangedAt { get; private set; }
    public string StateChangeReason { get; private set; } = "";
    public IReadOnlyList<OrderStateChange> StateChangeHistory => _stateChangeHistory;

    public static Order Open(OpenOrderCommand command, DateTimeOffset now)
    {
        now = now.ToStoredPrecision();
        return new()
        {
            OrderId = IdPrefix + Guid.CreateVersion7(now).ToString("N"),
            VisitId = command.VisitId,
            HallId = command.HallId,
            ServiceType = command.ServiceType,
            CounterId = command.CounterId,
            TicketNumber = command.TicketNumber,
            JourneyId = command.JourneyId,
            State = OrderState.Acknowledged,
            CreatedAt = now,
            StateChangedAt = now,
            StateChangeReason = "opened",
        };
    }

    /// <summary>Moves the order to <paramref name="target"/> when the transition table allows it.</summary>
    /// <returns>false, with the order unchanged, when the move is forbidden from the current state.</returns>
    public bool TryMoveTo(OrderState target, string reason, DateTimeOffset now)
    {
        if (!OrderStateMachine.CanMove(State, target))
        {
            return false;
        }
        now = now.ToStoredPrecision();
        _stateChangeHistory.Add(new OrderStateChange(State, target, now, reason));
        State = target;
        StateChangedAt = now;
        StateChangeReason = reason;
        return true;
    }
}

/// <summary>One entry of an order's state history.</summary>
public sealed record OrderStateChange(OrderState From, OrderState To, DateTimeOffset At, string Reason);

/// <summary>What Reception knows when a counter calls a ticket.</summary>
public sealed record OpenOrderCommand(string VisitId, string HallId, string ServiceType, string CounterId, string TicketNumber,
    string? JourneyId = null)
{
    public const int MaxLength = 64;

    /// <summary>Trims every field so " v1" and "v1" are the same visit.</summary>
    public OpenOrderCommand Normalized() => new(
        (VisitId ?? "").Trim(), (HallId ?? "").Trim(), (ServiceType ?? "").Trim(),
        (CounterId ?? "").Trim(), (TicketNumber ?? "").Trim(), string.IsNullOrWhiteSpace(JourneyId) ? null : JourneyId.Trim());
}
