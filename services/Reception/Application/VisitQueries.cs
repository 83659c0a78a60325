using HallPlatform.Reception.Data;
using HallPlatform.Reception.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace HallPlatform.Reception.Application;

/// <summary>Reads a visit from the system of record, with its live place in the queue while it waits.</summary>
public sealed class VisitQueries(ReceptionDbContext db, QueueStore queue, HallCatalogue catalogue, ILogger<VisitQueries> logger)
{
    public async Task<Outcome<VisitView>> GetAsync(string visitId, CancellationToken cancellationToken)
    {
        var visit = await db.Visits.AsNoTracking().FirstOrDefaultAsync(v => v.Id == visitId, cancellationToken);
        if (visit is null)
        {
            return Failure.NotFound("Visit", visitId);
        }
        var hall = await catalogue.LoadAsync(visit.HallId, cancellationToken);
        var serviceType = hall?.FindServiceType(visit.ServiceType);
        var guidance = hall is not null && serviceType is not null ? hall.GuidanceFor(serviceType) : new Guidance([], false);

        int? position = null;
        int? estimate = null;
        if (visit.Status == VisitStatus.Waiting)
        {
            try
            {
                position = await queue.PositionAsync(visit.HallId, visit.ServiceType, visit.Id);
            }
            catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
            {
                // The visit itself is still answerable from PostgreSQL; only the live position is missing.
                Log.QueueUnavailable(logger, ex);
            }
            if (position is { } place && hall is not null && serviceType is not null)
            {
                estimate = hall.EstimateWait(serviceType, place);
            }
        }
        return VisitView.From(visit, position, estimate, guidance);
    }
}
