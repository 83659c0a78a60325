using HallPlatform.Application;
using HallPlatform.Fault.Domain;
using HallPlatform.Messaging;

namespace HallPlatform.Fault.Application;

/// <summary>The integration events Fault records in its outbox (catalogue: docs/events.md).</summary>
public static class TroubleTicketEvents
{
    public const string StatusChangedType = IntegrationEventTypes.TroubleTicketStatusChanged;
    public const string CreatedType = IntegrationEventTypes.TroubleTicketCreated;

    /// <summary>
    /// A ticket was registered (any channel, or a hall visit). Codes only, as for a status change; the SLA facts as
    /// the ticket's clock stands at <paramref name="at"/>, the time the event is recorded.
    /// </summary>
    public static IntegrationEvent Created(TroubleTicket ticket, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        var sla = ticket.SlaAt(at);
        return new(CreatedType, ticket.TicketId, ticket.HallId, ticket.JourneyId,
            new TroubleTicketCreated(ticket.TicketId, ticket.Status.ToWire(), ticket.Channel.ToWire(), ticket.Severity.ToWire(), ticket.TicketType.ToWire(),
                ticket.CreatedAt, sla.DueAt, PausedSeconds(sla), sla.Breached));
    }

    /// <summary>
    /// A ticket moved from <paramref name="from"/> to its current status. Codes only: the reason, name and description
    /// are free text and stay out. <paramref name="journeyId"/> is null until tickets carry the customer's journey id.
    /// The SLA facts are the ticket's clock at <paramref name="at"/>, the time the event is recorded (after the move:
    /// a move into pending starts a pause, a resolution stops the clock).
    /// </summary>
    public static IntegrationEvent StatusChanged(TroubleTicket ticket, TicketStatus from, string? journeyId, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        var closed = ticket.Status == TicketStatus.Closed;
        var sla = ticket.SlaAt(at);
        return new(StatusChangedType, ticket.TicketId, ticket.HallId, journeyId,
            new TroubleTicketStatusChanged(ticket.TicketId, from.ToWire(), ticket.Status.ToWire(), ticket.Channel.ToWire(), ticket.Severity.ToWire(),
                ticket.StatusChangeHistory.Count > 0 ? ticket.StatusChangeHistory[^1].ChangedBy : null,
                closed ? ticket.SatisfactionScore : null,
                closed ? ticket.AutoClosed : null,
                ticket.TicketType.ToWire(), ticket.CreatedAt, sla.DueAt, PausedSeconds(sla), sla.Breached));
    }

    /// <summary>Whole seconds the SLA clock has been paused so far, the ongoing pause included.</summary>
    private static long PausedSeconds(SlaClock sla) => (long)sla.Paused.TotalSeconds;
}

/// <summary>
/// Payload of <c>fault.troubleTicket.statusChanged</c>. <paramref name="ChangedBy"/> is the staff, partner or service id
/// that took the step ("system" for the closure sweep); on closure <paramref name="SatisfactionScore"/> (1-5, null when
/// auto-closed) and <paramref name="AutoClosed"/> are set, otherwise both are null. <paramref name="ReportedAt"/> is the
/// ticket's registration; <paramref name="SlaDueAt"/>, <paramref name="SlaPausedSeconds"/> and <paramref name="SlaBreached"/>
/// the SLA clock (<see cref="TroubleTicket.SlaAt"/>) when the event was recorded.
/// </summary>
public sealed record TroubleTicketStatusChanged(
    string TicketId, string From, string To, string Channel, string Severity,
    string? ChangedBy, int? SatisfactionScore, bool? AutoClosed,
    string TicketType, DateTimeOffset ReportedAt, DateTimeOffset SlaDueAt, long SlaPausedSeconds, bool SlaBreached);

/// <summary>Payload of <c>fault.troubleTicket.created</c>; the SLA facts as for a status change.</summary>
public sealed record TroubleTicketCreated(string TicketId, string Status, string Channel, string Severity, string TicketType,
    DateTimeOffset ReportedAt, DateTimeOffset SlaDueAt, long SlaPausedSeconds, bool SlaBreached);
