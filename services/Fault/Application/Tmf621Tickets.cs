using HallPlatform.Application;
using HallPlatform.Audit;
using HallPlatform.Fault.Data;
using HallPlatform.Fault.Domain;
using Microsoft.EntityFrameworkCore;

namespace HallPlatform.Fault.Application;

/// <summary>The TMF621 list filters (all optional; null = any).</summary>
public sealed record Tmf621TicketFilter(TicketStatus? Status, Severity? Severity, TicketType? TicketType, string? ExternalId);

/// <summary>A TMF621 list page: <c>offset</c>/<c>limit</c> paging, with the whole filtered count.</summary>
public sealed record Tmf621TicketPage(IReadOnlyList<TroubleTicket> Items, int Total);

/// <summary>
/// The TMF621 list (filters on status, severity, ticketType, externalId; offset/limit paging). Reads exactly the tickets
/// <see cref="TroubleTicketHandling"/> lets the caller see (a partner its own, staff per its rules) and records the
/// read like the REST list; every other TMF operation calls <see cref="TroubleTicketHandling"/> directly.
/// </summary>
public sealed class Tmf621Tickets(TroubleTicketHandling tickets, AuditTrail audit, FaultDbContext db)
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    /// <summary>The largest offset anyone may ask for, as <see cref="PageRequest.MaxPage"/> bounds pages.</summary>
    public const int MaxOffset = PageRequest.MaxPage * PageRequest.MaxPageSize;

    public async Task<Outcome<Tmf621TicketPage>> ListAsync(Tmf621TicketFilter filter, int offset, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var query = tickets.VisibleTickets().AsNoTracking();
        if (filter.Status is { } status)
        {
            query = query.Where(t => t.Status == status);
        }
        if (filter.Severity is { } severity)
        {
            query = query.Where(t => t.Severity == severity);
        }
        if (filter.TicketType is { } ticketType)
        {
            query = query.Where(t => t.TicketType == ticketType);
        }
        if (filter.ExternalId is { } externalId)
        {
            query = query.Where(t => t.ExternalId == externalId);
        }
        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.TicketId)
            .Skip(offset).Take(limit).ToListAsync(cancellationToken);
        // As the REST list: the entry names every ticket shown (ids only).
        await audit.RecordReadAsync(TroubleTicketAudit.ListReadAction, TroubleTicketAudit.RecordType, AuditEntry.CollectionRecordId, customerRef: null,
            new
            {
                api = "tmf621",
                status = filter.Status?.ToWire(),
                severity = filter.Severity?.ToWire(),
                ticketType = filter.TicketType?.ToWire(),
                offset,
                ticketIds = items.Select(t => t.TicketId).ToList(),
            },
            cancellationToken);
        return Outcome<Tmf621TicketPage>.Ok(new Tmf621TicketPage(items, total));
    }

    /// <summary>The appointments of the given tickets (the caller has already been allowed to see the tickets).</summary>
    public async Task<ILookup<string, Appointment>> AppointmentsOfAsync(IReadOnlyCollection<string> ticketIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticketIds);
        if (ticketIds.Count == 0)
        {
            return Array.Empty<Appointment>().ToLookup(a => a.TicketId, StringComparer.Ordinal);
        }
        var appointments = await db.Appointments.AsNoTracking().Where(a => ticketIds.Contains(a.TicketId)).ToListAsync(cancellationToken);
        return appointments.ToLookup(a => a.TicketId, StringComparer.Ordinal);
    }
}
