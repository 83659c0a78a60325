using HallPlatform.Fault.Domain;
using HallPlatform.Application;

namespace HallPlatform.Fault.Application;

/// <summary>Outcome of reporting a fault.</summary>
public abstract record ReportResult
{
    private ReportResult()
    {
    }

    /// <summary>A new ticket was registered.</summary>
    public sealed record Created(TroubleTicket Ticket) : ReportResult;

    /// <summary>A retry of a report already registered under the same (channel, externalId): the same ticket.</summary>
    public sealed record Replayed(TroubleTicket Ticket) : ReportResult;

    /// <summary>
    /// The (channel, externalId) key is taken by a ticket registered with different content, or by another
    /// reporter — then <paramref name="ExistingTicketId"/> is null, so one partner never learns another's ticket id.
    /// </summary>
    public sealed record KeyConflict(string? ExistingTicketId, Channel Channel, string ExternalId) : ReportResult;

    public sealed record Invalid(Dictionary<string, string[]> Errors) : ReportResult;
}

/// <summary>Outcome of a status change request.</summary>
public abstract record StatusChangeResult
{
    private StatusChangeResult()
    {
    }

    public sealed record Moved(TroubleTicket Ticket) : StatusChangeResult;

    public sealed record NotFound(string TicketId) : StatusChangeResult;

    public sealed record Forbidden(string TicketId, TicketStatus Current, TicketStatus Target) : StatusChangeResult;

    public sealed record Invalid(Dictionary<string, string[]> Errors) : StatusChangeResult;
}

public sealed record TicketQuery(TicketStatus? Status, Channel? Channel, PageRequest Page);
