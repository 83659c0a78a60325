using HallPlatform.Application;
using HallPlatform.Fault.Domain;
using HallPlatform.Messaging;

namespace HallPlatform.Fault.Application;

/// <summary>The integration events Fault records in its outbox (catalogue: docs/events.md).</summary>
public static class TroubleTicketEvents
{
    public const string StatusChangedType = IntegrationEventTypes.TroubleTicketStatusChanged;

    /// <summary>
    /// A ticket moved from <paramref name="from"/> to its current status. Codes only: the reason, name and description
    /// are free text and stay out. <paramref name="journeyId"/> is null until tickets carry the customer's journey id.
    /// </summary>
    public static IntegrationEvent StatusChanged(TroubleTicket ticket, TicketStatus from, string? journeyId)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return new(StatusChangedType, ticket.TicketId, ticket.HallId, journeyId,
            new TroubleTicketStatusChanged(ticket.TicketId, from.ToWire(), ticket.Status.ToWire(), ticket.Channel.ToWire(), ticket.Severity.ToWire()));
    }
}

/// <summary>Payload of <c>fault.troubleTicket.statusChanged</c>.</summary>
public sealed record TroubleTicketStatusChanged(string TicketId, string From, string To, string Channel, string Severity);
