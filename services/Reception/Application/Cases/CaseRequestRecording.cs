using HallPlatform.Application;
using HallPlatform.Reception.Application.Infrastructure;
using HallPlatform.Reception.Data;
using HallPlatform.Reception.Domain;
using Microsoft.EntityFrameworkCore;

namespace HallPlatform.Reception.Application.Cases;

/// <summary>
/// The case request of a call recorded through EF (the rare paths: out-of-order call, a call-next that had to wait for
/// its check-in). The hot path writes the same row in the group-commit statement of the call (CalledWrite).
/// </summary>
public static class CaseRequestRecording
{
    /// <summary>
    /// Adds the visit's case request to <paramref name="db"/>'s pending changes, to be saved with the call; null when
    /// the visit already has one for the owner of its (current) service type: one case per visit and owner.
    /// </summary>
    public static async Task<CaseRequest?> AddForCallAsync(ReceptionDbContext db, Visit visit, string counterId, DateTimeOffset calledAt,
        CaseRequestOptions settings)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(visit);
        ArgumentNullException.ThrowIfNull(settings);
        var owner = await db.ServiceTypes.AsNoTracking()
            .Where(t => t.HallId == visit.HallId && t.Code == visit.ServiceType)
            .Select(t => (CaseOwner?)t.CaseOwner)
            .FirstOrDefaultAsync(CancellationToken.None) ?? CaseOwner.Business;
        if (await db.CaseRequests.AnyAsync(r => r.VisitId == visit.Id && r.Owner == owner, CancellationToken.None))
        {
            return null;
        }
        var request = new CaseRequest
        {
            VisitId = visit.Id,
            Owner = owner,
            HallId = visit.HallId,
            ServiceType = visit.ServiceType,
            CounterId = counterId,
            TicketNumber = visit.TicketNumber,
            JourneyId = visit.JourneyId,
            TraceParent = JourneyTrace.Current(),
            // The send right after the commit is the first attempt; the dispatcher leaves the row alone meanwhile.
            Attempts = 1,
            NextAttemptAt = calledAt + TimeSpan.FromSeconds(settings.SendHoldSeconds),
            CreatedAt = calledAt,
        };
        db.CaseRequests.Add(request);
        return request;
    }
}
