using HallPlatform.Application;
using HallPlatform.Fault.Domain;
using HallPlatform.Messaging;

namespace HallPlatform.Fault.Application;

/// <summary>The integration events Fault records in its outbox (catalogue: docs/events.md).</summary>
public static class TroubleTicketEvents
{
    public const string StatusChangedType = IntegrationEventTypes.TroubleTicketStatusChanged;
    public const string CreatedType = IntegrationEventTypes.TroubleTicketCreated;

    /// <summary>A ticket was registered (any channel, or a hall visit). Codes only, as for a status change.</summary>
    public static IntegrationEvent Created(TroubleTicket ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return new(CreatedType, ticket.TicketId, ticket.HallId, ticket.JourneyId,
            new TroubleTicketCreated(ticket.TicketId, ticket.Status.ToWire(), ticket.Channel.ToWire(), ticket.Severity.ToWire(), ticket.TicketType.ToWire()));
    }

    /// <summary>
    /// A ticket moved from <paramref name="from"/> to its current status. Codes only: the reason, name and description
    /// are free text and stay out. <paramref name="journeyId"/> is null until tickets carry the customer's journey id.
    /// </summary>
    public static IntegrationEvent StatusChanged(TroubleTicket ticket, TicketStatus from, string? journeyId)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        var closed = ticket.Status == TicketStatus.Closed;
        return new(StatusChangedType, ticket.TicketId, ticket.HallId, journeyId,
            new TroubleTicketStatusChanged(ticket.TicketId, from.ToWire(), ticket.Status.ToWire(), ticket.Channel.ToWire(), ticket.Severity.ToWire(),
                ticket.StatusChangeHistory.Count > 0 ? ticket.StatusChangeHistory[^1].ChangedBy : null,
                closed ? ticket.SatisfactionScore : null,
                closed ? ticket.AutoClosed : null));
    }
}

/// <summary>
/// Payload of <c>fault.troubleTicket.statusChanged</c>. <paramref name="ChangedBy"/> is the staff, partner or service id
/// that took the step ("system" for the closure sweep); on closure <paramref name="SatisfactionScore"/> (1-5, null when
/// auto-closed) and <paramref name="AutoClosed"/> are set, otherwise both are null.
/// </summary>
public sealed record TroubleTicketStatusChanged(
    string TicketId, string From, string To, string Channel, string Severity,
    string? ChangedBy = null, int? SatisfactionScore = null, bool? AutoClosed = null);

/// <summary>Payload of <c>fault.troubleTicket.created</c>.</summary>
public sealed record TroubleTicketCreated(string TicketId, string Status, string Channel, string Severity, string TicketType);
