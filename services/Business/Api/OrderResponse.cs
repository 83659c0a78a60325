using HallPlatform.Business.Application;
using HallPlatform.Business.Domain;

namespace HallPlatform.Business.Api;

public sealed record OrderResponse(
    string OrderId,
    string VisitId,
    string HallId,
    string ServiceType,
    string CounterId,
    string TicketNumber,
    string State,
    DateTimeOffset CreatedAt,
    DateTimeOffset StateChangedAt,
    string StateChangeReason,
    IReadOnlyList<OrderStateChangeResponse> StateChangeHistory)
{
    public static OrderResponse From(Order order) => new(
        order.OrderId, order.VisitId, order.HallId, order.ServiceType, order.CounterId, order.TicketNumber,
        order.State.ToWire(), order.CreatedAt, order.StateChangedAt, order.StateChangeReason,
        [.. order.StateChangeHistory.Select(h => new OrderStateChangeResponse(h.From.ToWire(), h.To.ToWire(), h.At, h.Reason))]);
}

public sealed record OrderStateChangeResponse(string From, string To, DateTimeOffset At, string Reason);

public sealed record CancelOrderRequest(string? Reason);
