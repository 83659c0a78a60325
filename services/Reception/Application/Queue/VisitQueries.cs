using HallPlatform.Reception.Application.Catalogue;
using HallPlatform.Reception.Application.Infrastructure;
using HallPlatform.Reception.Data;
using HallPlatform.Reception.Domain;
using HallPlatform.Application;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace HallPlatform.Reception.Application.Queue;

/// <summary>Reads a visit from the system of record, with its live place in the queue while it waits.</summary>
public sealed class VisitQueries(
    ReceptionDbContext db, HallCatalogue catalogue, WaitEstimator estimator, HallAccess access, ReceptionAudit audit, ILogger<VisitQueries> logger)
{
    /// <summary>
    /// A visit by id (REST and gRPC GetVisit). Anonymous callers (the customer polling) and staff of the hall see it;
    /// staff of another hall get "not found". Receptionists, supervisors and administrators of the hall get the
    /// customer's name, phone and ID number in clear, and that read is audited before the answer leaves; everybody
    /// else gets them masked.
    /// </summary>
    public async Task<Outcome<VisitView>> GetAsync(string visitId, CancellationToken cancellationToken)
    {
        var visit = await db.Visits.AsNoTracking().FirstOrDefaultAsync(v => v.Id == visitId, cancellationToken);
        if (visit is null || !access.MayRead(visit.HallId))
        {
            return Outcome<VisitView>.NotFoundById("Visit", visitId);
        }
        var view = await ViewAsync(visit, cancellationToken);
        if (!access.MaySeePersonalData(visit.HallId))
        {
            return Outcome<VisitView>.Ok(view);
        }
        await audit.RecordReadAsync(ReceptionAudit.PersonalDataRead, ReceptionAudit.VisitRecord, visit.Id, visit.CustomerPhoneRef,
            new { visitId = visit.Id, idDocumentNumber = visit.IdDocumentNumber is not null }, visit.HallId, cancellationToken);
        return Outcome<VisitView>.Ok(view with { Customer = new CustomerInClear(visit.CustomerName, visit.CustomerPhone, visit.IdDocumentNumber) });
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
        var owner = serviceType?.CaseOwner ?? CaseOwner.Business;
        var view = VisitView.From(visit, position, estimate, guidance) with { CaseOwner = owner };
        if (visit.FirstCalledAt is null)
        {
            // Never called: no case request can exist yet, so no query for one.
            return view;
        }
        // The case of the visit's current service type's owner (a transferred visit may also have its earlier owner's).
        var request = await db.CaseRequests.AsNoTracking().FirstOrDefaultAsync(r => r.VisitId == visit.Id && r.Owner == owner, cancellationToken);
        return request is null
            ? view
            : view with { CaseOwner = request.Owner, CaseState = request.State, CaseId = request.CaseId, OrderId = view.OrderId ?? (request.Owner == CaseOwner.Business ? request.CaseId : null) };
    }

    /// <summary>The visit's history (queue events), oldest first.</summary>
    public async Task<Outcome<ResultPage<QueueEvent>>> EventsAsync(string visitId, PageRequest paging, CancellationToken cancellationToken)
    {
        var hallId = await db.Visits.AsNoTracking().Where(v => v.Id == visitId).Select(v => v.HallId).FirstOrDefaultAsync(cancellationToken);
        if (hallId is null || !access.MayWorkIn(hallId))
        {
            return Outcome<ResultPage<QueueEvent>>.NotFoundById("Visit", visitId);
        }
        var query = db.QueueEvents.AsNoTracking().Where(e => e.VisitId == visitId);
        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderBy(e => e.Id).Skip(paging.Skip).Take(paging.PageSize).ToListAsync(cancellationToken);
        return Outcome<ResultPage<QueueEvent>>.Ok(paging.Of(items, total));
    }
}
