using HallPlatform.Application;
using HallPlatform.Business.Domain;
using HallPlatform.Messaging;

namespace HallPlatform.Business.Application;

/// <summary>The integration events Business records in its outbox (catalogue: docs/events.md).</summary>
public static class OrderEvents
{
    public const string StateChangedType = IntegrationEventTypes.OrderStateChanged;

    /// <summary>
    /// An order moved from <paramref name="from"/> to its current state. <paramref name="journeyId"/> is null until
    /// orders carry the customer's journey id.
    /// </summary>
    public static IntegrationEvent StateChanged(Order order, OrderState from, string? journeyId)
    {
        ArgumentNullException.ThrowIfNull(order);
        return new(StateChangedType, order.OrderId, order.HallId, journeyId,
            new OrderStateChanged(order.OrderId, order.VisitId, from.ToWire(), order.State.ToWire(), order.ServiceType));
    }
}

/// <summary>Payload of <c>business.order.stateChanged</c>: ids and states only.</summary>
public sealed record OrderStateChanged(string OrderId, string VisitId, string From, string To, string ServiceType);
