using HallPlatform.Reception.Data;
using HallPlatform.Reception.Domain;
using HallPlatform.ServiceDefaults.Api;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace HallPlatform.Reception.Application;

/// <summary>Reads a visit from the system of record, with its live place in the queue while it waits.</summary>
public sealed class VisitQueries(ReceptionDbContext db, HallCatalogue catalogue, WaitEstimator estimator, ILogger<VisitQueries> logger)
{
    public async Task<Outcome<VisitView>> GetAsync(string visitId, CancellationToken cancellationToken)
    {
        var visit = await db.Visits.AsNoTracking().FirstOrDefaultAsync(v => v.Id == visitId, cancellationToken);
        if (visit is null)
        {
            return Failure.NotFound("Visit", visitId);
        }
        return await ViewAsync(visit, cancellationToken);
    }

    /// <summary>The visit as callers see it; the live position only while it waits and Redis answers.</summary>
    public async Task<VisitView> ViewAsync(Visit visit, CancellationToken cancellationToken)
    {
        var hall = await catalogue.LoadAsync(visit.HallId, cancellationToken);
        var serviceType = hall?.FindServiceType(visit.ServiceType);
        var guidance = hall is not null && serviceType is not null ? hall.GuidanceFor(serviceType) : new Guidance([], false);

        int? position = null;
        int? estimate = null;
        if (visit.Status == VisitStatus.Waiting && hall is not null && serviceType is not null)
        {
            try
            {
                (position, estimate) = await estimator.ForWaitingAsync(hall, serviceType, visit);
            }
            catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
            {
                // The visit itself is still answerable from PostgreSQL; only the live position is missing.
                Log.QueueUnavailable(logger, ex);
            }
        }
        return VisitView.From(visit, position, estimate, guidance);
    }

    /// <summary>The visit's history (queue events), oldest first.</summary>
    public async Task<Outcome<ResultPage<QueueEvent>>> EventsAsync(string visitId, PageRequest paging, CancellationToken cancellationToken)
    {
        if (!await db.Visits.AnyAsync(v => v.Id == visitId, cancellationToken))
        {
            return Failure.NotFound("Visit", visitId);
        }
        var query = db.QueueEvents.AsNoTracking().Where(e => e.VisitId == visitId);
        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderBy(e => e.Id).Skip(paging.Skip).Take(paging.PageSize).ToListAsync(cancellationToken);
        return paging.Of(items, total);
    }
}
