using HallPlatform.Application;
using HallPlatform.Business.Domain;
using HallPlatform.Messaging;

namespace HallPlatform.Business.Application;

/// <summary>The integration events Business records in its outbox (catalogue: docs/events.md).</summary>
public static class OrderEvents
{
    public const string OpenedType = IntegrationEventTypes.OrderOpened;
    public const string StateChangedType = IntegrationEventTypes.OrderStateChanged;

    /// <summary>An order was opened for a called visit: ids and codes only.</summary>
    public static IntegrationEvent Opened(Order order)
    {
        ArgumentNullException.ThrowIfNull(order);
        return new(OpenedType, order.OrderId, order.HallId, order.JourneyId,
            new OrderOpened(order.OrderId, order.VisitId, order.ServiceType, order.CounterId, order.TicketNumber));
    }
    public const string PaidType = IntegrationEventTypes.OrderPaid;
    public const string RefundedType = IntegrationEventTypes.OrderRefunded;

    /// <summary>
    /// An order moved from <paramref name="from"/> to its current state. <paramref name="journeyId"/> is null until
    /// orders carry the customer's journey id.
    /// </summary>
    public static IntegrationEvent StateChanged(Order order, OrderState from, string? journeyId)
    {
        ArgumentNullException.ThrowIfNull(order);
        return new(StateChangedType, order.OrderId, order.HallId, journeyId,
            new OrderStateChanged(order.OrderId, order.VisitId, from.ToWire(), order.State.ToWire(), order.ServiceType,
                order.StateChangeHistory.Count > 0 ? order.StateChangeHistory[^1].ChangedBy : null));
    }

    /// <summary>A payment was taken: ids and amounts only.</summary>
    public static IntegrationEvent Paid(Order order, Payment payment)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(payment);
        return new(PaidType, order.OrderId, order.HallId, order.JourneyId,
            new OrderPaid(order.OrderId, order.VisitId, payment.PaymentId, payment.AmountFen, order.NetPaidFen, order.Quote?.TotalFen ?? 0));
    }

    /// <summary>A payment was refunded: ids and amounts only (the reason stays in Business).</summary>
    public static IntegrationEvent Refunded(Order order, Payment refund)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(refund);
        return new(RefundedType, order.OrderId, order.HallId, order.JourneyId,
            new OrderRefunded(order.OrderId, order.VisitId, refund.PaymentId, refund.RefundOf ?? "", refund.AmountFen, order.NetPaidFen));
    }
}

/// <summary>Payload of <c>business.order.opened</c>: ids and codes only.</summary>
public sealed record OrderOpened(string OrderId, string VisitId, string ServiceType, string CounterId, string TicketNumber);

/// <summary>Payload of <c>business.order.stateChanged</c>: ids and states only.</summary>
public sealed record OrderStateChanged(string OrderId, string VisitId, string From, string To, string ServiceType, string? ChangedBy);

/// <summary>Payload of <c>business.order.paid</c>.</summary>
public sealed record OrderPaid(string OrderId, string VisitId, string PaymentId, long AmountFen, long PaidFen, long TotalFen);

/// <summary>Payload of <c>business.order.refunded</c>.</summary>
public sealed record OrderRefunded(string OrderId, string VisitId, string RefundId, string PaymentId, long AmountFen, long PaidFen);
