using System.Diagnostics;
using HallPlatform.Application;
using HallPlatform.Fault.Domain;

namespace HallPlatform.Fault.Application;

/// <summary>Spans of Fault's own work on a ticket. Tags carry ids and statuses only, never the customer.</summary>
public static class FaultTelemetry
{
    public static readonly ActivitySource Source = new("HallPlatform.Fault");

    /// <summary>
    /// Work on <paramref name="ticket"/> days after it was opened (a dispatch, an appointment's reschedule, arrival or
    /// outcome) runs in the journey's trace the ticket was opened in; the request's own trace is linked.
    /// </summary>
    public static JourneyScope JoinJourney(TroubleTicket ticket, string name)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        var journey = JourneyTrace.Start(Source, name, ticket.JourneyTraceParent);
        journey.Activity?.SetTag("hall.id", ticket.HallId);
        journey.Activity?.SetTag("hall.ticket_id", ticket.TicketId);
        journey.Activity?.SetTag("hall.journey_id", ticket.JourneyId);
        return journey;
    }
}
