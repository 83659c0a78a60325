using System.Diagnostics;
using HallPlatform.Application;
using HallPlatform.Business.Domain;

namespace HallPlatform.Business.Application;

/// <summary>Business's own spans: the journey's later steps on an order.</summary>
public static class BusinessTelemetry
{
    public static readonly ActivitySource Source = new("HallPlatform.Business");

    /// <summary>
    /// A step on <paramref name="order"/> (minutes or days after the call) runs in the journey's trace the order was
    /// opened in; the request's own trace is linked. Ids and codes only on the span.
    /// </summary>
    public static JourneyScope JoinJourney(Order order, string step)
    {
        ArgumentNullException.ThrowIfNull(order);
        var journey = JourneyTrace.Start(Source, "business." + step, order.JourneyTraceParent);
        journey.Activity?.SetTag("hall.id", order.HallId);
        journey.Activity?.SetTag("hall.order_id", order.OrderId);
        journey.Activity?.SetTag("hall.journey_id", order.JourneyId);
        journey.Activity?.SetTag("hall.order_state", order.State.ToWire());
        return journey;
    }
}
