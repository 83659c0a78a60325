using System.Diagnostics.Metrics;
using HallPlatform.Fault.Data;
using HallPlatform.Fault.Domain;
using Microsoft.EntityFrameworkCore;

namespace HallPlatform.Fault.Application;

/// <summary>
/// Gauges per hall on meter "HallPlatform.Fault": open tickets and overdue tickets (open, clock running, past the SLA
/// maximum). Counted by the sweep (<see cref="TicketSweep"/>) and observed from the last count, so a scrape never
/// queries the database. Tickets of no hall are counted under hall "none".
/// </summary>
public sealed class FaultMetrics : IDisposable
{
    public const string MeterName = "HallPlatform.Fault";
    public const string OpenTicketsName = "hallplatform.fault.tickets.open";
    public const string OverdueTicketsName = "hallplatform.fault.tickets.overdue";
    public const string NoHall = "none";

    private readonly Meter _meter;
    private volatile IReadOnlyList<HallTicketCounts> _counts = [];

    public FaultMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meter = meterFactory.Create(MeterName);
        _meter.CreateObservableGauge(OpenTicketsName, () => Observe(c => c.Open), "{ticket}", "Open trouble tickets per hall");
        _meter.CreateObservableGauge(OverdueTicketsName, () => Observe(c => c.Overdue), "{ticket}", "Open trouble tickets past their SLA maximum, per hall");
    }

    /// <summary>The last counts (for tests and the sweep).</summary>
    public IReadOnlyList<HallTicketCounts> Counts => _counts;

    /// <summary>Counts open and overdue tickets per hall at <paramref name="now"/> and keeps them for the gauges.</summary>
    public async Task RefreshAsync(FaultDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rows = await db.TroubleTickets.AsNoTracking()
            .Where(t => t.Status == TicketStatus.Acknowledged || t.Status == TicketStatus.InProgress
                || t.Status == TicketStatus.Held || t.Status == TicketStatus.Pending)
            .GroupBy(t => t.HallId)
            .Select(g => new
            {
                HallId = g.Key,
                Open = g.Count(),
                Overdue = g.Count(t => t.Status != TicketStatus.Pending && t.ExpectedResolutionDate < now),
            })
            .ToListAsync(cancellationToken);
        _counts = [.. rows.Select(r => new HallTicketCounts(r.HallId ?? NoHall, r.Open, r.Overdue)).OrderBy(c => c.HallId, StringComparer.Ordinal)];
    }

    public void Dispose() => _meter.Dispose();

    private IEnumerable<Measurement<long>> Observe(Func<HallTicketCounts, long> value) =>
        _counts.Select(c => new Measurement<long>(value(c), new KeyValuePair<string, object?>("hall.id", c.HallId)));
}

public sealed record HallTicketCounts(string HallId, long Open, long Overdue);
